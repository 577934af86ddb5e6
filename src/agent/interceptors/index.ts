import type { Context } from '../config/context.js';
import { lookupType } from '../config/type-table.js';
import { hostInterceptor } from './host.js';
import type { Interceptor } from './interceptor.js';
import { regexFilterInterceptor } from './regex-filter.js';
import { removeHeaderInterceptor } from './remove-header.js';
import { staticInterceptor } from './static.js';
import { timestampInterceptor } from './timestamp.js';
import { uuidInterceptor } from './uuid.js';

export type { Interceptor } from './interceptor.js';

const TYPES: Record<string, (ctx: Context) => Interceptor> = {
  timestamp: timestampInterceptor,
  host: hostInterceptor,
  static: staticInterceptor,
  regex_filter: regexFilterInterceptor,
  remove_header: removeHeaderInterceptor,
  uuid: uuidInterceptor,
};

const CLASS_NAMES: Record<string, string> = {
  'org.apache.flume.interceptor.TimestampInterceptor$Builder': 'timestamp',
  'org.apache.flume.interceptor.HostInterceptor$Builder': 'host',
  'org.apache.flume.interceptor.StaticInterceptor$Builder': 'static',
  'org.apache.flume.interceptor.RegexFilteringInterceptor$Builder': 'regex_filter',
  'org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder': 'remove_header',
  'org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder': 'uuid',
};

/** The source's `interceptors` chain, in the order listed. */
export function buildInterceptors(source: Context): Interceptor[] {
  return source.list('interceptors').map((name) => {
    const ctx = source.sub(`interceptors.${name}.`);
    return lookupType(ctx, 'interceptor', TYPES, CLASS_NAMES).value(ctx);
  });
}
