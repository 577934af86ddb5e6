import type { Logger } from '../../log.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { ApiVersions, SaslAuthenticate, SaslHandshake } from '../../protocol/apis.js';
import { isSaslMechanism, SaslAuthenticationError, type SaslExchange, type SaslMechanism, type SaslStep } from './mechanism.js';
import { PlainExchange } from './plain.js';
import { ScramExchange } from './scram.js';
import type { UserStore } from './user-store.js';

/** What a SASL listener needs: who may log in, with which mechanisms, and for how long a session lasts. */
export interface SaslSettings {
  users: UserStore;
  mechanisms: readonly SaslMechanism[];
  /** Kafka's connections.max.reauth.ms: a session's lifetime, after which the client re-authenticates (KIP-368); 0 for sessions that never expire. */
  reauthMs: number;
}

/**
 * Where a connection is in Kafka's SASL flow (SaslServerAuthenticator's states):
 * - handshake: only ApiVersions and SaslHandshake are served;
 * - authenticate: after SaslHandshake v1, only SaslAuthenticate;
 * - raw-tokens: after SaslHandshake v0, each frame is a bare SASL token, not a request;
 * - authenticated: every API, until the session expires.
 */
type State = 'handshake' | 'authenticate' | 'raw-tokens' | 'authenticated';

export interface HandshakeAnswer {
  errorCode: number;
  mechanisms: string[];
  /** The connection is closed once this answer is sent (an unsupported mechanism, as in Kafka). */
  thenClose: boolean;
}

export interface AuthenticateAnswer {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
  sessionLifetimeMs: number;
  thenClose: boolean;
}

/** One connection's authentication: its state, its exchange in progress and, once done, its user. */
export class SaslSession {
  private state: State = 'handshake';
  private exchange: SaslExchange | undefined;
  private mechanism: SaslMechanism | undefined;
  /** The user this connection authenticated as; kept while it re-authenticates. */
  private authenticatedUser: string | undefined;
  private expiresAt = Infinity;
  /** A step is being computed; a token sent meanwhile is out of turn. */
  private stepping = false;
  /** Whether the client authenticated through SaslAuthenticate v1+, which tells it the session's lifetime. */
  private canReauthenticate = false;

  constructor(
    private readonly settings: SaslSettings,
    private readonly logger: Logger,
  ) {}

  /** The user this connection authenticated as, if it has. */
  get user(): string | undefined {
    return this.authenticatedUser;
  }

  /** Whether the next frame is a bare SASL token (the v0 handshake's flow) rather than a request. */
  get expectsRawToken(): boolean {
    return this.state === 'raw-tokens';
  }

  private sessionValid(): boolean {
    return this.authenticatedUser !== undefined && Date.now() < this.expiresAt;
  }

  /**
   * Whether a request of `apiKey` may be served now; when not, the connection is closed, as Kafka
   * does. An authenticated connection keeps its rights while it re-authenticates.
   */
  allows(apiKey: number): boolean {
    switch (this.state) {
      case 'handshake':
        if (apiKey === ApiVersions.apiKey || apiKey === SaslHandshake.apiKey) return true;
        break;
      case 'authenticate':
        if (apiKey === SaslAuthenticate.apiKey) return true;
        break;
      case 'raw-tokens':
        return false;
      case 'authenticated':
        // A re-authentication starts with a handshake; Kafka then serves the rest only until expiry.
        if (apiKey === SaslHandshake.apiKey && this.settings.reauthMs > 0) return true;
        break;
    }
    return this.sessionValid();
  }

  /** Why `allows` refused, for the log line of the closed connection. */
  refusal(apiName: string): string {
    if (this.authenticatedUser !== undefined && !this.sessionValid()) return `${apiName} request after the SASL session of ${this.authenticatedUser} expired without re-authentication`;
    return `${apiName} request during SASL ${this.state === 'handshake' ? 'handshake' : 'authentication'}; this listener serves only ApiVersions, SaslHandshake and SaslAuthenticate until the client authenticates`;
  }

  handshake(mechanism: string, version: number): HandshakeAnswer {
    const mechanisms = [...this.settings.mechanisms];
    // Without re-authentication an authenticated connection is past SASL: Kafka's request handler answers this.
    if (this.state === 'authenticated' && this.settings.reauthMs === 0) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [], thenClose: false };
    if (this.state === 'authenticated' && (version < 1 || !this.canReauthenticate)) {
      // Re-authentication is a KIP-368 flow: SaslHandshake v1 and SaslAuthenticate v1+ only.
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms, thenClose: true };
    }
    if (!isSaslMechanism(mechanism) || !mechanisms.includes(mechanism) || (this.state === 'authenticated' && mechanism !== this.mechanism)) {
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms, thenClose: true };
    }
    this.mechanism = mechanism;
    this.exchange = mechanism === 'PLAIN' ? new PlainExchange(this.settings.users) : new ScramExchange(mechanism, this.settings.users);
    this.state = version === 0 ? 'raw-tokens' : 'authenticate';
    return { errorCode: ErrorCode.NONE, mechanisms, thenClose: false };
  }

  /** One SaslAuthenticate request's token. */
  async authenticate(token: Buffer, version: number): Promise<AuthenticateAnswer> {
    if (this.state === 'authenticated') {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received after successful authentication', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0, thenClose: false };
    }
    if (this.state !== 'authenticate' || this.exchange === undefined || this.stepping) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received outside a SASL exchange; send SaslHandshake first', authBytes: Buffer.alloc(0), sessionLifetimeMs: 0, thenClose: true };
    }
    try {
      const { reply, done } = await this.step(token, version >= 1);
      return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: reply, sessionLifetimeMs: done ? this.settings.reauthMs : 0, thenClose: false };
    } catch (err) {
      if (!(err instanceof SaslAuthenticationError)) throw err;
      return { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: err.message, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0, thenClose: true };
    }
  }

  /** One bare token of the v0 flow; the reply goes back as a bare size-prefixed frame. Throws SaslAuthenticationError on failure. */
  async rawToken(token: Buffer): Promise<Buffer> {
    if (this.state !== 'raw-tokens' || this.stepping) throw new SaslAuthenticationError('SASL token out of turn in the v0 handshake flow: send the next one after the reply');
    return (await this.step(token, false)).reply;
  }

  private async step(token: Buffer, canReauthenticate: boolean): Promise<{ reply: Buffer; done: boolean }> {
    this.stepping = true;
    let outcome: SaslStep;
    try {
      outcome = await this.exchange!.step(token);
    } finally {
      this.stepping = false;
    }
    const { reply, user } = outcome;
    if (user === undefined) return { reply, done: false };
    if (this.authenticatedUser !== undefined && user !== this.authenticatedUser) {
      throw new SaslAuthenticationError(`Cannot change principals during re-authentication from User:${this.authenticatedUser}: User:${user}`);
    }
    this.logger.info({ user, mechanism: this.mechanism, reauthentication: this.authenticatedUser !== undefined }, 'SASL authenticated');
    this.authenticatedUser = user;
    this.exchange = undefined;
    this.state = 'authenticated';
    this.canReauthenticate = canReauthenticate;
    // KIP-368: a client that cannot re-authenticate (the v0 flows) is still cut off at expiry, and reconnects.
    this.expiresAt = this.settings.reauthMs > 0 ? Date.now() + this.settings.reauthMs : Infinity;
    return { reply, done: true };
  }
}
