/** The SASL mechanisms the broker serves, in the order its SaslHandshake response lists them. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const isSaslMechanism = (name: string): name is SaslMechanism => (SASL_MECHANISMS as readonly string[]).includes(name);

/**
 * A client that failed to authenticate. The message is what the client is told (in
 * SaslAuthenticate's error message), so it says what failed without telling a guesser which part.
 */
export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
}

/** One step's outcome: the token to send back and, once the exchange is over, who the client is. */
export interface SaslStep {
  reply: Buffer;
  /** Set on the step that completes authentication. */
  user?: string;
}

/**
 * The server side of one mechanism's exchange on one connection; a step rejects with
 * SaslAuthenticationError on failure. Steps are asynchronous so that hashing a password (PLAIN's
 * PBKDF2, milliseconds each) runs off the event loop, and a flood of logins does not stall the broker.
 */
export interface SaslExchange {
  step(token: Buffer): Promise<SaslStep>;
}

/** A comma-separated list of mechanism names in any case (as flags and server.properties give them), and those of them not served. */
export function mechanismList(value: string): { mechanisms: SaslMechanism[]; unknown: string[] } {
  const names = value.split(',').map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
  return { mechanisms: names.filter(isSaslMechanism), unknown: names.filter((m) => !isSaslMechanism(m)) };
}
