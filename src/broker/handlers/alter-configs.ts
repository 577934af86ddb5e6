import { AlterConfigs } from '../../protocol/apis.js';
import { ConfigError } from '../configs/topic-configs.js';
import { alterResource } from './alter-configs-apply.js';
import type { ApiHandler } from './types.js';

/** The legacy AlterConfigs: each resource's configs are replaced by the given set; configs left out return to their defaults. */
export const alterConfigsHandler: ApiHandler<typeof AlterConfigs, 0, 2> = {
  spec: AlterConfigs,
  minVersion: 0,
  maxVersion: 2,
  handle(body, req, ctx) {
    const responses = body.resources.map((r) =>
      alterResource(
        r.resourceType,
        r.resourceName,
        () => {
          const out: Record<string, string> = {};
          for (const c of r.configs) {
            if (c.value === null) throw new ConfigError(`Null value not supported for config ${c.name}; leave the config out to return it to its default`);
            out[c.name] = c.value;
          }
          return out;
        },
        body.validateOnly,
        req,
        ctx,
      ),
    );
    return { throttleTimeMs: 0, responses };
  },
};
