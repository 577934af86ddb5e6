import type { WarningLog } from './warning-log.js';

function hint(api: string, version: number, min: number, max: number): string {
  if (version > max) {
    return `this client is newer than the broker for ${api}; a client that sent ApiVersions should have fallen back to v${max}, so upgrade streamdash or pin the client's protocol version`;
  }
  return `this client speaks an older ${api} than any streamdash serves (v${min} is the oldest); Kafka 0.8 to 0.10 clients are served, so check the client's api_version / protocol pin`;
}

/**
 * A refused API version, through the broker's rate-limited warning log: once per client (id and host)
 * per window with a count by API and version, instead of one line per request; a client that retries
 * in a loop would otherwise flood the log (17,494 lines in 5 s were seen from one Fetch v3 consumer).
 */
export function refusedVersion(warnings: WarningLog, client: string, api: string, version: number, min: number, max: number): void {
  warnings.warn(
    'unsupported-version',
    client,
    `${api} v${version}`,
    `${api} v${version} is not supported (supported: v${min}-v${max})`,
    { api, apiVersion: version, supported: `v${min}-v${max}`, hint: hint(api, version, min, max) },
    `${api} v${version} is not supported (supported: v${min}-v${max})`,
  );
}
