import { readFileSync } from 'node:fs';
import type { Logger } from '../log.js';
import { Agent } from './agent.js';
import { AgentConfigError } from './errors.js';

export { Agent } from './agent.js';
export { PropertiesSyntaxError } from './config/properties.js';
export { AgentConfigError, ComponentStartError } from './errors.js';
export type { FlumeEvent } from './event.js';

/** A Flume configuration as an object: the properties file's keys and values, e.g. `{ 'a1.sources': 'r1', … }`. */
export type FlumeProperties = Readonly<Record<string, string | number | boolean>>;

export interface StartAgentOptions {
  /** Which agent of the configuration to run, as flume-ng's `--name`. */
  readonly name: string;
  /** A Flume properties file; or give `properties`. */
  readonly confFile?: string;
  /** The configuration itself: properties-file text, or its keys and values as an object. */
  readonly properties?: string | FlumeProperties;
  /** For `${env:NAME}` in values. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
}

/**
 * Builds the agent from its Flume configuration, checks all of it (AgentConfigError names the
 * key at fault) and starts it: channels, then sinks, then sources. Stop it with `agent.stop()`.
 */
export async function startAgent(options: StartAgentOptions): Promise<Agent> {
  const { text, file } = configurationOf(options);
  const agent = Agent.fromProperties(text, options.name, { file, ...(options.logger && { logger: options.logger }), ...(options.env && { env: options.env }) });
  await agent.start();
  return agent;
}

function configurationOf(options: StartAgentOptions): { text: string; file: string } {
  if ((options.confFile === undefined) === (options.properties === undefined)) {
    throw new AgentConfigError('startAgent', 'give exactly one of confFile (a Flume properties file) or properties (its text, or an object of its keys)');
  }
  if (options.confFile !== undefined) {
    try {
      return { text: readFileSync(options.confFile, 'utf8'), file: options.confFile };
    } catch (err) {
      throw new AgentConfigError('confFile', `cannot read ${options.confFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`);
    }
  }
  const properties = options.properties!;
  return { text: typeof properties === 'string' ? properties : propertiesText(properties), file: 'the properties given to startAgent' };
}

/** The object as properties-file lines, escaped so the parser reads back exactly these keys and values. */
function propertiesText(properties: FlumeProperties): string {
  return Object.entries(properties)
    .map(([key, value]) => `${escape(key, true)}=${escape(String(value), false)}`)
    .join('\n');
}

const CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' };

function escape(text: string, isKey: boolean): string {
  let out = '';
  for (const [i, c] of [...text].entries()) {
    if (c === '\\') out += '\\\\';
    else if (CONTROL[c] !== undefined) out += CONTROL[c];
    // In a key a separator ends it; in a value only leading blanks would be dropped.
    else if (isKey ? ' =:#!'.includes(c) : c === ' ' && i === 0) out += `\\${c}`;
    else out += c;
  }
  return out;
}
