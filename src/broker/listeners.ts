/** Kafka's four security protocols: whether a listener speaks TLS, and whether it requires SASL. */
export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const isSecurityProtocol = (name: string): name is SecurityProtocol => (SECURITY_PROTOCOLS as readonly string[]).includes(name);
export const usesTls = (p: SecurityProtocol): boolean => p === 'SSL' || p === 'SASL_SSL';
export const usesSasl = (p: SecurityProtocol): boolean => p === 'SASL_PLAINTEXT' || p === 'SASL_SSL';

/** A listener or its TLS settings cannot be used; the message names the listener or file and what to write instead. */
export class ListenerConfigError extends Error {
  override readonly name = 'ListenerConfigError';
}

/** One listener, as Kafka's `listeners=NAME://host:port` names it; `protocol` defaults to the name. */
export interface ListenerOptions {
  name: string;
  protocol?: SecurityProtocol;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** What Metadata tells a client that connected here (Kafka's advertised.listeners); defaults to host, or 127.0.0.1 for a wildcard. */
  advertisedHost?: string;
  /** Defaults to the port actually bound. */
  advertisedPort?: number;
}

export interface ResolvedListener {
  name: string;
  protocol: SecurityProtocol;
  host: string;
  port: number;
  advertisedHost: string;
  advertisedPort: number | undefined;
}

/** One `NAME://host:port` of a listeners list; an empty host means every interface, as in Kafka. */
export interface ListenerAddress {
  name: string;
  host?: string;
  port: number;
}

/** `PLAINTEXT://127.0.0.1:9092,SASL_SSL://0.0.0.0:9093`, Kafka's `listeners` and `advertised.listeners` form. */
export function parseListenerList(value: string, where: string): ListenerAddress[] {
  const out: ListenerAddress[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([A-Za-z0-9_]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(item);
    if (m === null) throw new ListenerConfigError(`${where} must look like PLAINTEXT://localhost:9092,SASL_SSL://0.0.0.0:9093; "${item}" does not`);
    const address: ListenerAddress = { name: m[1]!.toUpperCase(), port: Number(m[3]) };
    if (m[2] !== '') address.host = m[2]!.replace(/^\[(.*)\]$/, '$1');
    if (out.some((a) => a.name === address.name)) throw new ListenerConfigError(`${where} names the listener ${address.name} twice; each listener needs its own name`);
    out.push(address);
  }
  if (out.length === 0) throw new ListenerConfigError(`${where} is empty; give at least one listener such as PLAINTEXT://127.0.0.1:9092`);
  return out;
}

/** `NAME:PROTOCOL,…`, Kafka's listener.security.protocol.map. */
export function parseProtocolMap(value: string, where: string): Map<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>();
  for (const pair of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [name, protocol] = pair.split(':').map((s) => s.trim().toUpperCase());
    if (name === undefined || name === '' || protocol === undefined || !isSecurityProtocol(protocol)) {
      throw new ListenerConfigError(`${where}: "${pair}" must be NAME:PROTOCOL with PROTOCOL one of ${SECURITY_PROTOCOLS.join(', ')}`);
    }
    map.set(name, protocol);
  }
  return map;
}

/**
 * The listeners of `listeners` and `advertised.listeners` lists (matched by name, as Kafka does),
 * each with its protocol: the name's entry in `protocols`, else the name itself.
 */
export function listenersFromLists(listeners: ListenerAddress[], advertised: ListenerAddress[], protocols: Map<string, SecurityProtocol>, where: string): ListenerOptions[] {
  for (const a of advertised) {
    if (!listeners.some((l) => l.name === a.name)) throw new ListenerConfigError(`${where}: the advertised listener ${a.name} is not among the listeners (${listeners.map((l) => l.name).join(', ')})`);
  }
  return listeners.map((l) => {
    const protocol = protocols.get(l.name) ?? l.name;
    if (!isSecurityProtocol(protocol)) {
      throw new ListenerConfigError(`${where}: the listener ${l.name} has no security protocol; name it after one (${SECURITY_PROTOCOLS.join(', ')}) or map it (listener.security.protocol.map=${l.name}:SASL_SSL)`);
    }
    const adv = advertised.find((a) => a.name === l.name);
    return {
      name: l.name,
      protocol,
      host: l.host ?? '0.0.0.0',
      port: l.port,
      ...(adv?.host !== undefined && { advertisedHost: adv.host }),
      ...(adv !== undefined && { advertisedPort: adv.port }),
    };
  });
}

export function resolveListener(l: ListenerOptions): ResolvedListener {
  const wildcard = l.host === '0.0.0.0' || l.host === '::' || l.host === '';
  const protocol = l.protocol ?? (isSecurityProtocol(l.name) ? l.name : undefined);
  if (protocol === undefined) throw new ListenerConfigError(`the listener ${l.name} has no security protocol; give it one of ${SECURITY_PROTOCOLS.join(', ')}`);
  return {
    name: l.name,
    protocol,
    host: l.host === '' ? '0.0.0.0' : l.host,
    port: l.port,
    advertisedHost: l.advertisedHost ?? (wildcard ? '127.0.0.1' : l.host),
    advertisedPort: l.advertisedPort,
  };
}
