import { basename, dirname, isAbsolute } from 'node:path';
import type { Context } from '../../config/context.js';
import { AgentConfigError } from '../../errors.js';
import { filesIn, type DirEntry } from './rotation.js';

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
  matchingFiles(): DirEntry[] {
    return filesIn(this.dir).filter((e) => this.pattern.test(e.name));
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
