import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { Context } from '../../config/context.js';
import { AgentConfigError } from '../../errors.js';

/**
 * A TAILDIR file group: an absolute path whose file-name part is a regular
 * expression matched against whole names; the directory part is literal.
 */
export class FileGroup {
  readonly dir: string;
  private readonly pattern: RegExp;

  constructor(
    readonly name: string,
    path: string,
    key: string,
    readonly headers: Record<string, string>,
  ) {
    if (!isAbsolute(path)) throw new AgentConfigError(key, `"${path}" is not an absolute path; TAILDIR file groups need one`);
    this.dir = dirname(path);
    try {
      this.pattern = new RegExp(`^(?:${basename(path)})$`);
    } catch (err) {
      throw new AgentConfigError(key, `the file-name part "${basename(path)}" is not a valid regular expression (${(err as Error).message})`);
    }
  }

  matches(path: string): boolean {
    return dirname(path) === this.dir && this.pattern.test(basename(path));
  }

  /** Matching regular files now, with their inode and size. */
  matchingFiles(): Array<{ path: string; inode: number; size: number; mtimeMs: number }> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: Array<{ path: string; inode: number; size: number; mtimeMs: number }> = [];
    for (const n of names) {
      if (!this.pattern.test(n)) continue;
      const path = join(this.dir, n);
      try {
        const st = statSync(path);
        if (st.isFile()) out.push({ path, inode: st.ino, size: st.size, mtimeMs: st.mtimeMs });
      } catch {
        // Rotated away between listing and stat: found again by inode next time.
      }
    }
    return out;
  }
}

export function readFileGroups(ctx: Context): FileGroup[] {
  const names = ctx.list('filegroups');
  if (names.length === 0) throw new AgentConfigError(ctx.key('filegroups'), 'missing; the TAILDIR source requires one or more file group names');
  return names.map((name) => {
    const headers: Record<string, string> = {};
    for (const k of ctx.keysStartingWith(`headers.${name}.`)) headers[k.slice(`headers.${name}.`.length)] = ctx.string(k, '');
    return new FileGroup(name, ctx.requiredString(`filegroups.${name}`, `file group ${name} of the TAILDIR source`), ctx.key(`filegroups.${name}`), headers);
  });
}
