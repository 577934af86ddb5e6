import { SaslAuthenticationError, type SaslExchange, type SaslStep } from './mechanism.js';
import { passwordMatches, SCRAM_HASHES, type ScramMechanism } from './scram-credential.js';
import type { UserStore } from './user-store.js';

// Kafka's PlainSaslServer messages, so clients and their users see the same words.
const INVALID = 'Authentication failed: Invalid username or password';

/**
 * SASL PLAIN (RFC 4616): one message, `[authzid] NUL authcid NUL password`. The password is
 * checked against the user's stored SCRAM credential, so plain passwords are never kept.
 */
export class PlainExchange implements SaslExchange {
  constructor(private readonly users: UserStore) {}

  async step(token: Buffer): Promise<SaslStep> {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) throw new SaslAuthenticationError('Invalid SASL/PLAIN response: expected 3 tokens separated by NUL');
    const [authzid, user, password] = parts as [string, string, string];
    if (user === '') throw new SaslAuthenticationError('Authentication failed: username not specified');
    if (password === '') throw new SaslAuthenticationError('Authentication failed: password not specified');
    if (authzid !== '' && authzid !== user) throw new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username');
    // Any of the user's SCRAM credentials will do: each was made from the same password.
    for (const mechanism of Object.keys(SCRAM_HASHES) as ScramMechanism[]) {
      const credential = this.users.credential(user, mechanism);
      if (credential === undefined) continue;
      if (!(await passwordMatches(mechanism, credential, password))) break;
      return { reply: Buffer.alloc(0), user };
    }
    throw new SaslAuthenticationError(INVALID);
  }
}
