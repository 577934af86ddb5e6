#!/usr/bin/env node
import { Command } from 'commander';
import { addKafkaToolAliases } from './kafka-aliases.js';

type Register = (program: Command) => void;

/**
 * Each sub-command lives in its own file and exports a `register…(program)`
 * function. Only the command being run is loaded: the Kafka client alone takes
 * about a second to import, which `streamdash broker` does not need.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  broker: async () => (await import('./broker.js')).registerBroker,
  demo: async () => (await import('./demo.js')).registerDemo,
  produce: async () => (await import('./produce.js')).registerProduce,
  consume: async () => (await import('./consume.js')).registerConsume,
  topics: async () => (await import('./topics.js')).registerTopics,
  groups: async () => (await import('./groups.js')).registerGroups,
  gen: async () => (await import('./gen.js')).registerGen,
  run: async () => (await import('./run.js')).registerRun,
  agent: async () => (await import('./agent.js')).registerAgent,
  dashboard: async () => (await import('./dashboard.js')).registerDashboard,
  store: async () => (await import('./store.js')).registerStore,
  bench: async () => (await import('./bench.js')).registerBench,
  new: async () => (await import('./new.js')).registerNew,
  users: async () => (await import('./users.js')).registerUsers,
};

/** The sub-command named on the command line, skipping the global --log-level and its value. */
function requestedCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--log-level') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

const program = new Command()
  .name('streamdash')
  .description('Kafka-protocol broker, stream jobs, log agent and live dashboard in one package')
  .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent', 'info')
  .showHelpAfterError();

const requested = requestedCommand(process.argv.slice(2));
const wanted = requested !== undefined && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
for (const register of await Promise.all(wanted.map((name) => COMMANDS[name]!()))) register(program);
addKafkaToolAliases(program);

await program.parseAsync(process.argv);
