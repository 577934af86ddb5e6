import type { Logger } from '../../log.js';
import { SASL_MECHANISMS, type SaslMechanism } from './mechanism.js';
import type { SaslSettings } from './sasl-session.js';
import { UserStore, type UserSources } from './user-store.js';
import { UsersFileError } from './users-file.js';

/** The broker's SASL options: with them, the listener is Kafka's SASL_PLAINTEXT and every client must authenticate. */
export interface SaslOptions extends UserSources {
  /** Kafka's sasl.enabled.mechanisms; all three by default. */
  mechanisms?: readonly SaslMechanism[];
  /** Kafka's connections.max.reauth.ms; 0 (the default) for sessions that last as long as the connection. */
  reauthMs?: number;
}

/** Checks the options and reads the users; a fault is a UsersFileError saying what to fix. */
export function saslSettings(o: SaslOptions, logger: Logger): SaslSettings {
  if (o.usersFile === undefined && o.users === undefined) throw new UsersFileError('SASL needs users: give a users file (--sasl-users-file) or inline users (--sasl-user NAME:PASSWORD)');
  const mechanisms = o.mechanisms ?? SASL_MECHANISMS;
  if (mechanisms.length === 0) throw new UsersFileError(`SASL needs at least one mechanism of ${SASL_MECHANISMS.join(', ')}`);
  const reauthMs = o.reauthMs ?? 0;
  if (!Number.isInteger(reauthMs) || reauthMs < 0) throw new UsersFileError(`the SASL re-authentication interval must be a whole number of ms, 0 for none; got ${reauthMs}`);
  return { users: new UserStore(o, logger), mechanisms, reauthMs };
}
