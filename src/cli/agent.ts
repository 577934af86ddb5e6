import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Agent } from '../agent/agent.js';
import { closeOnInterrupt } from '../apps/interrupt.js';
import { PropertiesSyntaxError } from '../agent/config/properties.js';
import { AgentConfigError } from '../agent/errors.js';
import { createLogger, type Logger } from '../log.js';
import { loggerFor } from './options.js';

/** Exit code for a configuration the agent refuses to start with. */
const EXIT_BAD_CONFIG = 2;
/** Exit code when a component could not start (port in use, directory locked…). */
const EXIT_START_FAILED = 1;

interface AgentFlags {
  confFile: string;
  name: string;
  conf?: string;
  D: string[];
}

const FLUME_LEVELS: Record<string, string> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error', FATAL: 'fatal', OFF: 'silent' };

export function registerAgent(program: Command): void {
  program
    .command('agent')
    .description("run one agent of a Flume properties file, as `flume-ng agent` does (sources → channels → sinks)")
    .requiredOption('-f, --conf-file <file>', 'the Flume properties file')
    .requiredOption('-n, --name <agent>', 'the agent of that file to run')
    .option('-c, --conf <dir>', 'accepted so flume-ng command lines work unchanged; not used')
    .option('-D <property=value>', 'accepted like flume-ng; -Dflume.root.logger=LEVEL,console sets the log level', (v: string, all: string[]) => [...all, v], [] as string[])
    .addHelpText('after', '\nA bad configuration exits with code 2 and names the key at fault; a component that cannot start exits with 1.')
    .action(async (flags: AgentFlags, cmd: Command) => {
      const logger = loggerFromFlags(flags, cmd);
      let agent: Agent;
      try {
        agent = Agent.fromProperties(readConfFile(flags.confFile), flags.name, { logger, file: flags.confFile });
      } catch (err) {
        if (err instanceof AgentConfigError || err instanceof PropertiesSyntaxError || err instanceof UnreadableConfError) {
          process.stderr.write(`streamdash agent: bad configuration: ${err.message}\n`);
          process.exit(EXIT_BAD_CONFIG);
        }
        throw err;
      }
      try {
        await agent.start();
      } catch (err) {
        process.stderr.write(`streamdash agent: ${(err as Error).message}\n`);
        process.exit(err instanceof AgentConfigError ? EXIT_BAD_CONFIG : EXIT_START_FAILED);
      }
      closeOnInterrupt(logger, () => agent.stop());
    });
}

class UnreadableConfError extends Error {
  override readonly name = 'UnreadableConfError';
}

function readConfFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UnreadableConfError(`--conf-file ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`);
  }
}

function loggerFromFlags(flags: AgentFlags, cmd: Command): Logger {
  for (const d of flags.D) {
    const m = /^flume\.root\.logger=([A-Za-z]+)/.exec(d);
    const level = m ? FLUME_LEVELS[m[1]!.toUpperCase()] : undefined;
    if (level) return createLogger(level, 'agent');
  }
  return loggerFor(cmd, 'agent');
}
