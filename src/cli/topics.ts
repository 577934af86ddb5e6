import type { Command } from 'commander';
import { Admin, type TopicDescription } from '../client/index.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { loggerFor, parseIntOption } from './options.js';

/** `streamdash topics create|list|describe|delete`: kafka-topics.sh for any Kafka broker, embedded or not. */
export function registerTopics(program: Command): void {
  const topics = program.command('topics').description('create, list, describe and delete topics');
  const bootstrap = (cmd: Command) => cmd.option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP);
  // kafka-topics.sh names the topic with --topic; streamdash takes it there or as the argument.
  const named = (cmd: Command) => bootstrap(cmd).option('--topic <name>', 'the topic, as kafka-topics.sh names it (or give it as the argument)');

  named(topics.command('create [name]').description('create a topic'))
    .option('--partitions <n>', 'number of partitions', parseIntOption('--partitions', 1), 1)
    .option('--replication-factor <n>', "copies of each partition (default: the broker's default.replication.factor; a single broker takes 1)", parseIntOption('--replication-factor', 1))
    .action((arg: string | undefined, flags: { bootstrap: string; topic?: string; partitions: number; replicationFactor?: number }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const name = topicName(arg, flags.topic, cmd);
        await admin.createTopic(name, { partitions: flags.partitions, ...(flags.replicationFactor !== undefined && { replicas: flags.replicationFactor }) });
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

  named(topics.command('describe [name]').description("show a topic's partitions, leaders and replicas (every topic when none is named)"))
    .action((arg: string | undefined, flags: { bootstrap: string; topic?: string }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const one = arg ?? flags.topic;
        const names = one === undefined ? [...(await admin.listTopics())].sort() : [one];
        for (const name of names) printDescription(await admin.describeTopic(name));
      }),
    );

  named(topics.command('delete [name]').description('delete a topic and its messages'))
    .action((arg: string | undefined, flags: { bootstrap: string; topic?: string }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const name = topicName(arg, flags.topic, cmd);
        await admin.deleteTopic(name);
        console.log(`Deleted topic ${name}.`);
      }),
    );
}

function topicName(arg: string | undefined, flag: string | undefined, cmd: Command): string {
  if (arg !== undefined && flag !== undefined && arg !== flag) cmd.error(`error: two topics named, ${arg} and --topic ${flag}; give one`);
  const name = arg ?? flag;
  if (name === undefined) cmd.error(`error: \`topics ${cmd.name()}\` needs a topic: give it as the argument or with --topic <name>`);
  return name;
}

/** kafka-topics.sh --describe's layout: a line for the topic, then a tab-led line for each partition. */
function printDescription(t: TopicDescription): void {
  const rf = t.partitions[0]?.replicas.length ?? 0;
  console.log(`Topic: ${t.name}\tTopicId: ${t.id}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}`);
  for (const p of t.partitions) {
    console.log(`\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`);
  }
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
