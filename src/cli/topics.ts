import type { Command } from 'commander';
import { Admin } from '../client/index.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { loggerFor, parseIntOption } from './options.js';

/** `streamdash topics create|list|describe|delete`: kafka-topics.sh for any Kafka broker, embedded or not. */
export function registerTopics(program: Command): void {
  const topics = program.command('topics').description('create, list, describe and delete topics');
  const bootstrap = (cmd: Command) => cmd.option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP);

  bootstrap(topics.command('create <name>').description('create a topic'))
    .option('--partitions <n>', 'number of partitions', parseIntOption('--partitions', 1), 1)
    .option('--replication-factor <n>', 'copies of each partition (a single broker takes 1)', parseIntOption('--replication-factor', 1), 1)
    .action((name: string, flags: { bootstrap: string; partitions: number; replicationFactor: number }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        await admin.createTopic(name, { partitions: flags.partitions, replicas: flags.replicationFactor });
        console.log(`Created topic ${name}.`);
      }),
    );

  bootstrap(topics.command('list').description('list the topics, one a line'))
    .option('--include-internal', 'also list internal topics such as __consumer_offsets')
    .action((flags: { bootstrap: string; includeInternal?: boolean }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const names = await admin.listTopics({ includeInternal: !!flags.includeInternal });
        for (const name of [...names].sort()) console.log(name);
      }),
    );

  bootstrap(topics.command('describe <name>').description("show a topic's partitions, leaders and replicas"))
    .action((name: string, flags: { bootstrap: string }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const t = await admin.describeTopic(name);
        const rf = t.partitions[0]?.replicas.length ?? 0;
        console.log(`Topic: ${t.name}\tTopicId: ${t.id}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}`);
        for (const p of t.partitions) {
          console.log(`\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`);
        }
      }),
    );

  bootstrap(topics.command('delete <name>').description('delete a topic and its messages'))
    .action((name: string, flags: { bootstrap: string }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        await admin.deleteTopic(name);
        console.log(`Deleted topic ${name}.`);
      }),
    );
}

async function withAdmin(bootstrap: string, cmd: Command, work: (admin: Admin) => Promise<void>): Promise<void> {
  const logger = loggerFor(cmd, 'topics');
  const admin = new Admin(bootstrap);
  try {
    await work(admin);
  } catch (error) {
    logger.debug({ err: error }, 'topics command failed');
    process.stderr.write(`error: ${describe(error)}\n`);
    process.exitCode = 1;
  } finally {
    await admin.close();
  }
}
