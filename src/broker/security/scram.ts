import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError, type SaslExchange, type SaslStep } from './mechanism.js';
import { digest, hmac, type ScramCredential, type ScramMechanism } from './scram-credential.js';
import type { UserStore } from './user-store.js';

/** The attributes of a SCRAM message (`k=value,…`), in order; a value may itself hold `=`. */
function attributes(text: string): [string, string][] {
  return text.split(',').map((part) => {
    if (!/^[A-Za-z]=/.test(part)) throw new SaslAuthenticationError(`Invalid SCRAM message: expected key=value, got "${part}"`);
    return [part[0]!, part.slice(2)];
  });
}

/** A username as RFC 5802 §5.1 escapes it: `=2C` for `,` and `=3D` for `=`. */
function decodeSaslName(name: string): string {
  if (/=(?!2C|3D)/.test(name)) throw new SaslAuthenticationError('Invalid SCRAM username: "=" must be escaped as =2C or =3D');
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** The gs2 header (`n,,` or `y,,`, with an optional `a=authzid`) and the bare message after it. */
function splitClientFirst(text: string): { gs2Header: string; authzid: string; bare: string } {
  const m = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(text);
  if (!m) {
    const why = text.startsWith('p=') ? 'channel binding is not supported on this listener' : 'expected a gs2 header (n,, or y,,)';
    throw new SaslAuthenticationError(`Invalid SCRAM client-first message: ${why}`);
  }
  return { gs2Header: text.slice(0, text.length - m[3]!.length), authzid: m[2]?.slice(2) ?? '', bare: m[3]! };
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

interface Pending {
  user: string;
  credential: ScramCredential;
  gs2Header: string;
  clientNonce: string;
  nonce: string;
  /** client-first-message-bare "," server-first-message, the start of the AuthMessage. */
  authStart: string;
}

/**
 * SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677), server side: client-first → server-first
 * (nonce, salt, iterations) → client-final (proof) → server-final (signature). The proof is checked
 * against the stored key, so the server never needs the password.
 */
export class ScramExchange implements SaslExchange {
  private pending: Pending | undefined;
  private readonly invalid: string;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly users: UserStore,
    /** The server's part of the nonce; fixed only by tests that replay RFC 7677's example. */
    private readonly serverNonce: () => string = () => randomBytes(18).toString('base64'),
  ) {
    // Kafka's words for a wrong user or password, which it does not tell apart.
    this.invalid = `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`;
  }

  // Only HMACs and hashes here, no PBKDF2: cheap enough for the event loop, but async as every exchange is.
  async step(token: Buffer): Promise<SaslStep> {
    const text = token.toString('utf8');
    if (this.pending === undefined) return this.first(text);
    return this.final(text, this.pending);
  }

  private first(text: string): SaslStep {
    const { gs2Header, authzid, bare } = splitClientFirst(text);
    const attrs = attributes(bare);
    if (attrs[0]?.[0] !== 'n' || attrs[1]?.[0] !== 'r') throw new SaslAuthenticationError('Invalid SCRAM client-first message: expected n=username,r=nonce');
    const user = decodeSaslName(attrs[0][1]);
    const clientNonce = attrs[1][1];
    if (clientNonce === '') throw new SaslAuthenticationError('Invalid SCRAM client-first message: empty nonce');
    if (authzid !== '' && decodeSaslName(authzid) !== user) throw new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username');
    const credential = this.users.credential(user, this.mechanism);
    if (credential === undefined) throw new SaslAuthenticationError(this.invalid);
    const nonce = clientNonce + this.serverNonce();
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.pending = { user, credential, gs2Header, clientNonce, nonce, authStart: `${bare},${serverFirst}` };
    return { reply: Buffer.from(serverFirst, 'utf8') };
  }

  private final(text: string, p: Pending): SaslStep {
    const proofAt = text.lastIndexOf(',p=');
    if (proofAt < 0) throw new SaslAuthenticationError('Invalid SCRAM client-final message: no proof (p=)');
    const withoutProof = text.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs[0]?.[0] !== 'c' || attrs[1]?.[0] !== 'r') throw new SaslAuthenticationError('Invalid SCRAM client-final message: expected c=binding,r=nonce,…,p=proof');
    if (Buffer.from(attrs[0][1], 'base64').toString('utf8') !== p.gs2Header) throw new SaslAuthenticationError('Invalid SCRAM client-final message: channel binding differs from the client-first gs2 header');
    // librdkafka before 2.6.1 (Debian's kcat among them) sends its own nonce once more before the
    // full one (librdkafka#4895). Kafka 3.8.1 to 3.9 accept that, 4.x no longer does; we accept that
    // one form too, so those clients can log in, and still require the server's nonce echoed whole.
    const echoed = attrs[1][1];
    if (echoed !== p.nonce && echoed !== p.clientNonce + p.nonce) throw new SaslAuthenticationError('Invalid client nonce in the final client message.');
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const authMessage = `${p.authStart},${withoutProof}`;
    const { storedKey, serverKey } = p.credential;
    const signature = hmac(this.mechanism, storedKey, authMessage);
    if (proof.length !== signature.length || !timingSafeEqual(digest(this.mechanism, xor(proof, signature)), storedKey)) throw new SaslAuthenticationError(this.invalid);
    return { reply: Buffer.from(`v=${hmac(this.mechanism, serverKey, authMessage).toString('base64')}`, 'utf8'), user: p.user };
  }
}
