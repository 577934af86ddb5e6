import { IncrementalAlterConfigs } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Request } from '../../protocol/message-types.js';
import { splitList, TOPIC_CONFIGS } from '../configs/topic-config-defs.js';
import { ConfigError } from '../configs/topic-configs.js';
import { alterResource } from './alter-configs-apply.js';
import type { ApiHandler } from './types.js';

type AlterableConfig = Request<typeof IncrementalAlterConfigs, 0, 1>['resources'][number]['configs'][number];

const OP = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

/** A list config's current items: the topic's own value, else the config's default (as Kafka starts an APPEND). */
function currentItems(name: string, current: Readonly<Record<string, string>>): string[] {
  return splitList(current[name] ?? TOPIC_CONFIGS.get(name)?.default ?? '');
}

function applyOp(configs: Record<string, string>, c: AlterableConfig, isTopic: boolean): void {
  switch (c.configOperation) {
    case OP.SET:
      if (c.value === null) throw new ConfigError(`Null value not supported for config ${c.name}; use DELETE to return it to its default`);
      configs[c.name] = c.value;
      return;
    case OP.DELETE:
      delete configs[c.name];
      return;
    case OP.APPEND:
    case OP.SUBTRACT: {
      const verb = c.configOperation === OP.APPEND ? 'append' : 'subtract';
      const def = isTopic ? TOPIC_CONFIGS.get(c.name) : undefined;
      if (def === undefined) throw new ConfigError(isTopic ? `Unknown topic config name: ${c.name}` : `Config value ${verb} is not allowed for config key: ${c.name}; it is not a list`);
      if (def.type !== 'LIST') throw new ConfigError(`Config value ${verb} is not allowed for config key: ${c.name}; it is not a list (use SET)`);
      const items = currentItems(c.name, configs);
      const given = splitList(c.value ?? '');
      const next = verb === 'append' ? [...items, ...given.filter((g) => !items.includes(g))] : items.filter((i) => !given.includes(i));
      configs[c.name] = next.join(',');
      return;
    }
    default:
      throw new ConfigError(`Unknown config operation ${c.configOperation} for ${c.name}; use SET (0), DELETE (1), APPEND (2) or SUBTRACT (3)`, ErrorCode.INVALID_REQUEST);
  }
}

/** IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT applied to each resource's current configs. */
export const incrementalAlterConfigsHandler: ApiHandler<typeof IncrementalAlterConfigs, 0, 1> = {
  spec: IncrementalAlterConfigs,
  minVersion: 0,
  maxVersion: 1,
  handle(body, req, ctx) {
    const responses = body.resources.map((r) =>
      alterResource(
        r.resourceType,
        r.resourceName,
        (current, isTopic) => {
          const names = r.configs.map((c) => c.name);
          const twice = names.find((n, i) => names.indexOf(n) !== i);
          if (twice !== undefined) throw new ConfigError(`Error due to duplicate config keys: ${twice} is named twice; give each key once`, ErrorCode.INVALID_REQUEST);
          const configs = { ...current };
          for (const c of r.configs) applyOp(configs, c, isTopic);
          return configs;
        },
        body.validateOnly,
        req,
        ctx,
      ),
    );
    return { throttleTimeMs: 0, responses };
  },
};
