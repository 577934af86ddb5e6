import { BootstrapAddressError } from './errors.js';

export const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';

/** Splits a `--bootstrap host:port[,host:port…]` value into the broker list the client takes. */
export function bootstrapBrokers(bootstrap: string): string[] {
  const brokers = bootstrap
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) throw new BootstrapAddressError(bootstrap);
  for (const b of brokers) {
    const m = /^(.+):(\d+)$/.exec(b);
    if (!m || Number(m[2]) > 65535) throw new BootstrapAddressError(bootstrap);
  }
  return brokers;
}

export interface ConnectOptions {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly connectTimeout: number;
  readonly retries: number;
  readonly retryDelay: number;
}

/** The options every streamdash client shares: where to connect and who it is in the broker's logs. */
export function connectOptions(bootstrap: string, clientId: string): ConnectOptions {
  return {
    clientId,
    bootstrapBrokers: bootstrapBrokers(bootstrap),
    connectTimeout: 5000,
    retries: 3,
    retryDelay: 250,
  };
}
