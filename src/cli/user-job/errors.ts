import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A job module `streamdash run` could not use; the message says what to change. */
export class UserJobError extends Error {
  override readonly name = 'UserJobError';
}

/** A TypeScript job, but no TypeScript compiler in the job's project. */
export class TypeScriptMissingError extends UserJobError {
  constructor(file: string) {
    super(
      `${file} is TypeScript, and streamdash runs it with the TypeScript compiler of your project, but \`typescript\` cannot be found from its folder; ` +
        'install it there (`npm i -D typescript`) or compile the job to .js and run that',
    );
  }
}

/** streamdash's own compiled code: frames from here are ours, not the user's. */
const OURS = fileURLToPath(new URL('../../', import.meta.url));

function isUserFrame(line: string): boolean {
  if (!line.startsWith('    at ')) return true;
  if (line.includes('node:') || line.includes('(internal/') || line.includes(' internal/')) return false;
  const path = line.includes('file://') ? line.replace(/.*file:\/\//, '/').replace(/^\/+/, '/') : line;
  return !path.includes(OURS) && !path.includes(`${sep}node_modules${sep}`);
}

/**
 * What went wrong in the user's module, for the terminal: the message and the frames in the
 * user's own files (source-mapped to their .ts lines), without streamdash's or Node's.
 */
export function userStack(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  const lines = stack.split('\n').filter(isUserFrame);
  const text = lines.join('\n');
  return text.includes(error.message) ? text : `${error.name}: ${error.message}\n${text}`;
}

/** The first frame in the user's files, e.g. `    at count (/home/me/job.ts:12:9)`, if there is one. */
export function userFrame(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) return undefined;
  return error.stack.split('\n').find((l) => l.startsWith('    at ') && isUserFrame(l));
}
