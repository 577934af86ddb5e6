import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { scaffoldFiles } from './new-job/files.js';

/** This package's version: the scaffold depends on it unless told otherwise. */
function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** npm's rules for a package name without a scope, which the project and its job are named by. */
function parseName(value: string): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(value) || value.length > 214) {
    throw new InvalidArgumentError(`"${value}" cannot name an npm project; use lower-case letters, digits, "-", "." or "_", e.g. click-counts`);
  }
  return value;
}

/** `streamdash new job NAME`: a project to write one's own job in, with a test and scripts to run it. */
export function registerNew(program: Command): void {
  const create = program.command('new').description('start a project of your own');
  create
    .command('job')
    .description('write a job project: package.json, tsconfig.json, src/job.ts (a windowed count) and its test')
    .argument('<name>', 'the project and job name, e.g. click-counts', parseName)
    .option('--dir <dir>', 'where to write it (default: ./NAME)')
    .option('--streamdash <spec>', 'the streamdash dependency: a version range or an npm spec such as file:path/to/streamdash.tgz')
    .action((name: string, flags: { dir?: string; streamdash?: string }) => {
      const dir = resolve(flags.dir ?? name);
      if (existsSync(dir) && readdirSync(dir).length > 0) {
        process.stderr.write(`error: ${dir} already exists and is not empty; choose another name or --dir\n`);
        process.exitCode = 1;
        return;
      }
      const files = scaffoldFiles({ name, streamdash: flags.streamdash ?? `^${ownVersion()}` });
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const cd = relative(process.cwd(), dir) || '.';
      process.stdout.write(
        `wrote ${Object.keys(files).join(', ')} in ${cd}\n` +
          `next: cd ${cd} && npm install && npm test; then \`npm run broker\` and, in another terminal, \`npm start\`\n`,
      );
    });
}
