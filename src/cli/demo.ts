import type { Command } from 'commander';
import { startBroker } from '../broker/index.js';
import { closeOnInterrupt } from '../apps/interrupt.js';
import { brokerOptionsFromFlags, DEFAULT_DATA_DIR } from './broker.js';
import { loggerFor, parseIntOption } from './options.js';

/**
 * The main job. For now it runs the embedded broker only; the generators,
 * jobs and dashboard join it as they land.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline locally (today: the embedded broker)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--broker-port <port>', 'port of the embedded broker', parseIntOption('--broker-port'), 9092)
    .option('--data-dir <dir>', 'where all state lives', DEFAULT_DATA_DIR)
    .action(async (flags: { host: string; brokerPort: number; dataDir: string }, cmd: Command) => {
      const logger = loggerFor(cmd, 'demo');
      const broker = await startBroker(
        brokerOptionsFromFlags(
          { host: flags.host, port: flags.brokerPort, dataDir: `${flags.dataDir}/broker`, partitions: 1, autoCreate: true, fsyncOnAck: false, maxRequestBytes: 100 * 1024 * 1024 },
          logger,
        ),
      );
      console.log(`streamdash demo: the embedded broker is running at ${broker.bootstrap} (data in ${flags.dataDir}).`);
      console.log('The generators, stream jobs and dashboard are not wired into the demo yet; point any Kafka client at the broker. Ctrl-C stops it.');
      closeOnInterrupt(logger, () => broker.close());
    });
}
