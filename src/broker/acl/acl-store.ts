import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { bindingFromWire, InvalidAclError, sameBinding, type AclBinding } from './acl-binding.js';
import { AclOperation, PatternType, Permission, ResourceType } from './acl-codes.js';

/** The data dir's file of ACLs. */
export const ACLS_FILE = 'acls.json';

export class AclsFileError extends Error {
  override readonly name = 'AclsFileError';
}

/**
 * The ACLs, kept in `acls.json` in the data dir: written whole to a temporary file, fsynced, then
 * renamed over the old one, so a crash leaves the old set or the new one, never half of either.
 */
export class AclStore {
  private readonly file: string;
  private bindings: AclBinding[];

  constructor(dataDir: string) {
    this.file = join(dataDir, ACLS_FILE);
    this.bindings = existsSync(this.file) ? this.read() : [];
  }

  private read(): AclBinding[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new AclsFileError(`${this.file} is not valid JSON (${(err as Error).message}); restore it from a backup or remove it to start without ACLs`);
    }
    const acls = (parsed as { acls?: unknown }).acls;
    if (!Array.isArray(acls)) throw new AclsFileError(`${this.file} has no "acls" list; restore it from a backup or remove it to start without ACLs`);
    return acls.map((a: Partial<Record<keyof AclBinding, string>>, i) => {
      try {
        // Kept by name, for a reader of the file; checked as a new ACL would be.
        const code = <T extends Record<string, number>>(codes: T, name: string | undefined) => {
          if (name === undefined || !(name in codes)) throw new InvalidAclError(`${JSON.stringify(name)} is none of ${Object.keys(codes).join(', ')}`);
          return codes[name]!;
        };
        return bindingFromWire({
          resourceType: code(ResourceType, a.resourceType),
          patternType: code(PatternType, a.patternType),
          resourceName: String(a.resourceName ?? ''),
          principal: String(a.principal ?? ''),
          host: String(a.host ?? ''),
          operation: code(AclOperation, a.operation),
          permissionType: code(Permission, a.permission),
        });
      } catch (err) {
        if (err instanceof InvalidAclError) throw new AclsFileError(`ACL ${i} of ${this.file} is not valid: ${err.message}`);
        throw err;
      }
    });
  }

  all(): readonly AclBinding[] {
    return this.bindings;
  }

  /** Adds the bindings not already there (adding one twice is no error in Kafka) and persists. */
  add(added: readonly AclBinding[]): void {
    const next = [...this.bindings];
    for (const b of added) if (!next.some((x) => sameBinding(x, b))) next.push(b);
    this.replace(next);
  }

  /** Removes the bindings given and persists. */
  remove(removed: readonly AclBinding[]): void {
    this.replace(this.bindings.filter((b) => !removed.includes(b)));
  }

  private replace(next: AclBinding[]): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ version: 1, acls: next }, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.bindings = next;
  }
}
