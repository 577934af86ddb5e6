import type { Command } from 'commander';
import { Admin, tpKey, type GroupMember, type TopicPartition } from '../client/index.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { loggerFor } from './options.js';

/** One partition a group reads or has committed: `-` marks what is unknown, as kafka-consumer-groups.sh prints it. */
export interface PartitionRow {
  topic: string;
  partition: number;
  committedOffset: number | null;
  logEndOffset: number;
  lag: number | null;
  memberId: string | null;
  clientHost: string | null;
  clientId: string | null;
}

export interface GroupReport {
  group: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; clientId: string; clientHost: string; partitions: string[] }[];
  partitions: PartitionRow[];
}

export class GroupNotFoundError extends Error {
  constructor(readonly group: string) {
    super(`group "${group}" does not exist on this broker (or has expired); list the groups with \`streamdash groups list\``);
    this.name = 'GroupNotFoundError';
  }
}

/** The members with their partitions, and per partition the committed offset, the log end offset and the lag. */
export async function groupReport(admin: Admin, groupId: string): Promise<GroupReport> {
  const group = await admin.describeGroup(groupId);
  const holders = new Map<string, GroupMember>();
  const held: TopicPartition[] = [];
  for (const m of group.members) {
    for (const a of m.assignment) {
      for (const partition of a.partitions) {
        holders.set(tpKey(a.topic, partition), m);
        held.push({ topic: a.topic, partition });
      }
    }
  }
  const lags = await admin.groupLag(groupId, held);
  if (group.state === 'Dead' && lags.length === 0) throw new GroupNotFoundError(groupId);

  const members: GroupReport['members'] = group.members.map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    partitions: m.assignment.flatMap((a) => a.partitions.map((p) => `${a.topic}-${p}`)),
  }));
  const partitions = lags.map((l): PartitionRow => {
    const holder = holders.get(tpKey(l.topic, l.partition));
    return { topic: l.topic, partition: l.partition, committedOffset: l.committed, logEndOffset: l.end, lag: l.lag, memberId: holder?.memberId ?? null, clientHost: holder?.clientHost ?? null, clientId: holder?.clientId ?? null };
  });
  return { group: groupId, state: group.state, protocolType: group.protocolType, protocol: group.protocol, members, partitions };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

const dash = (v: string | number | null) => (v === null ? '-' : String(v));

export function formatReport(r: GroupReport): string {
  const head = `Group ${r.group}: ${r.state}, ${r.members.length} member(s)${r.protocol ? `, assignor ${r.protocol}` : ''}`;
  if (r.partitions.length === 0) return `${head}\nNo partitions assigned or committed.`;
  return `${head}\n\n${table(
    ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
    r.partitions.map((p) => [p.topic, String(p.partition), dash(p.committedOffset), dash(p.logEndOffset), dash(p.lag), dash(p.memberId), dash(p.clientHost), dash(p.clientId)]),
  )}`;
}

/** `streamdash groups list|describe`: kafka-consumer-groups.sh for any Kafka broker, embedded or not. */
export function registerGroups(program: Command): void {
  const groups = program.command('groups').description('list consumer groups and show their members, offsets and lag');
  const common = (cmd: Command) =>
    cmd.option('--bootstrap <host:port>', 'broker to connect to', DEFAULT_BOOTSTRAP).option('--json', 'print JSON instead of a table');

  common(groups.command('list').description('list the consumer groups with their states')).action((flags: { bootstrap: string; json?: boolean }, cmd: Command) =>
    withAdmin(flags.bootstrap, cmd, async (admin) => {
      const listed = (await admin.listGroups()).sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) return console.log(JSON.stringify(listed.map((g) => ({ group: g.id, state: g.state, protocolType: g.protocolType }))));
      if (listed.length === 0) return console.log('No consumer groups.');
      console.log(table(['GROUP', 'STATE', 'PROTOCOL-TYPE'], listed.map((g) => [g.id, g.state, g.protocolType || '-'])));
    }),
  );

  common(groups.command('describe <group>').description("show a group's members and, per partition, the committed offset, log end offset and lag")).action(
    (group: string, flags: { bootstrap: string; json?: boolean }, cmd: Command) =>
      withAdmin(flags.bootstrap, cmd, async (admin) => {
        const report = await groupReport(admin, group);
        console.log(flags.json ? JSON.stringify(report) : formatReport(report));
      }),
  );
}

async function withAdmin(bootstrap: string, cmd: Command, work: (admin: Admin) => Promise<void>): Promise<void> {
  const logger = loggerFor(cmd, 'groups');
  const admin = new Admin(bootstrap, 'streamdash-groups');
  try {
    await work(admin);
  } catch (error) {
    logger.debug({ err: error }, 'groups command failed');
    process.stderr.write(`error: ${describe(error)}\n`);
    process.exitCode = 1;
  } finally {
    await admin.close();
  }
}
