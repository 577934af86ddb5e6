import type { Socket } from 'node:net';
import { ListenerConfigError } from './listeners.js';
import type { WarningLog } from './warning-log.js';

/**
 * Kafka's max.connections.per.ip and max.connections.per.ip.overrides: a connection that would take
 * an address over its limit is closed as soon as it is accepted, before any TLS handshake or request,
 * counted, and logged through the rate-limited warning log. The count is across every listener, as
 * Kafka keeps it.
 */
export class ConnectionLimits {
  private readonly open = new Map<string, number>();

  constructor(
    /** Undefined: no limit (Kafka's default is Integer.MAX_VALUE). */
    private readonly maxPerIp: number | undefined,
    /** Per-address limits that replace maxPerIp for that address. */
    private readonly overrides: ReadonlyMap<string, number>,
    private readonly warnings: WarningLog,
  ) {}

  /** Admits the socket, counting it until it closes, or closes it at once and returns false. */
  admit(socket: Socket, listener: string): boolean {
    const address = socket.remoteAddress ?? 'unknown';
    const limit = this.overrides.get(address) ?? this.maxPerIp;
    const now = this.open.get(address) ?? 0;
    if (limit !== undefined && now >= limit) {
      socket.destroy();
      const why = `${address} already holds ${now} connection${now === 1 ? '' : 's'}, its limit`;
      this.warnings.warn('connection-limit', address, listener, why, { listener, limit }, `connection from ${address} on listener ${listener} closed: ${why} (max.connections.per.ip)`);
      return false;
    }
    this.open.set(address, now + 1);
    socket.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left === 0) this.open.delete(address);
      else this.open.set(address, left);
    });
    return true;
  }
}

/** Kafka's max.connections.per.ip.overrides: `address:limit` pairs, comma-separated (an IPv6 address keeps its colons; the limit is after the last). */
export function parseConnectionOverrides(value: string, where: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const colon = pair.lastIndexOf(':');
    const address = pair.slice(0, colon).trim();
    const n = Number(pair.slice(colon + 1));
    if (colon <= 0 || address === '' || !Number.isInteger(n) || n < 0) {
      throw new ListenerConfigError(`${where} takes address:limit pairs such as 127.0.0.1:200,10.0.0.7:50, got "${pair}"`);
    }
    out[address] = n;
  }
  return out;
}
