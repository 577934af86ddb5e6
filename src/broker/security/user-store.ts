import { statSync } from 'node:fs';
import type { Logger } from '../../log.js';
import { SCRAM_HASHES, scramCredential, type ScramCredential, type ScramMechanism } from './scram-credential.js';
import { readUsersFile, UsersFileError, type Users } from './users-file.js';

export interface UserSources {
  /** A users file as `streamdash users add` writes it; re-read when it changes, so users apply without a restart. */
  usersFile?: string;
  /** Users given inline (name → password); their credentials are salted and hashed at start-up and kept in memory only. */
  users?: Readonly<Record<string, string>>;
}

/** The file's identity and version, cheap to compare on every authentication. */
const stamp = (file: string): string => {
  const s = statSync(file, { throwIfNoEntry: false });
  return s === undefined ? 'missing' : `${s.ino}:${s.size}:${s.mtimeMs}`;
};

/** The users a SASL listener accepts: the users file's, then the inline ones over them. */
export class UserStore {
  private readonly inline: Users = new Map();
  private fromFile: Users = new Map();
  private fileStamp = '';

  constructor(
    private readonly sources: UserSources,
    private readonly logger: Logger,
  ) {
    for (const [name, password] of Object.entries(sources.users ?? {})) {
      const mechanisms = Object.keys(SCRAM_HASHES) as ScramMechanism[];
      this.inline.set(name, Object.fromEntries(mechanisms.map((m) => [m, scramCredential(m, password)])));
    }
    if (sources.usersFile !== undefined) {
      this.fileStamp = stamp(sources.usersFile);
      this.fromFile = readUsersFile(sources.usersFile);
    }
    if (this.inline.size === 0 && this.fromFile.size === 0) this.logger.warn({ usersFile: sources.usersFile }, 'SASL is on but no user is defined yet: every client will be refused until one is added');
  }

  /** The stored credential of `user` for `mechanism`, or undefined when there is none. */
  credential(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    this.reloadIfChanged();
    return (this.inline.get(user) ?? this.fromFile.get(user))?.[mechanism];
  }

  private reloadIfChanged(): void {
    const file = this.sources.usersFile;
    if (file === undefined) return;
    const now = stamp(file);
    if (now === this.fileStamp) return;
    this.fileStamp = now;
    try {
      this.fromFile = readUsersFile(file);
      this.logger.info({ usersFile: file, users: this.fromFile.size }, 'users file changed; reloaded');
    } catch (err) {
      if (!(err instanceof UsersFileError)) throw err;
      // Keep serving the users last read rather than locking everyone out over a bad edit.
      this.logger.error({ err: err.message }, 'users file changed but cannot be used; keeping the users read before');
    }
  }
}
