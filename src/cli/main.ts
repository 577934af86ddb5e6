#!/usr/bin/env node
import { Command } from 'commander';
import { registerBroker } from './broker.js';
import { registerDemo } from './demo.js';
import { registerProduce } from './produce.js';
import { registerConsume } from './consume.js';
import { registerTopics } from './topics.js';
import { registerGen } from './gen.js';
import { registerStore } from './store.js';
import { registerAgent } from './agent.js';
import { registerGroups } from './groups.js';
import { registerDashboard } from './dashboard.js';
import { registerRun } from './run.js';

/**
 * The streamdash command. Each sub-command lives in its own file and exports
 * a `register…(program)` function; this file only wires them together.
 */
const program = new Command()
  .name('streamdash')
  .description('Kafka-protocol broker, stream jobs, log agent and live dashboard in one package')
  .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent', 'info')
  .showHelpAfterError();

registerBroker(program);
registerDemo(program);
registerProduce(program);
registerConsume(program);
registerTopics(program);
registerGen(program);
registerStore(program);
registerAgent(program);
registerGroups(program);
registerDashboard(program);
registerRun(program);

await program.parseAsync(process.argv);
