import type { Command } from 'commander';
import { FindCoordinatorKeyTypes, type Admin } from '@platformatic/kafka';
import { createAdmin } from '../client/admin.js';
import { DEFAULT_BOOTSTRAP } from '../client/bootstrap.js';
import { describe } from '../client/errors.js';
import { DescribeGroups } from '../protocol/apis.js';
import { errorName } from '../protocol/error-codes.js';
import { assignedPartitions } from './consumer-assignment.js';
import { kafkaRequest } from './kafka-request.js';
import { loggerFor } from './options.js';

/** One partition a group reads or has committed: `-` marks what is unknown, as kafka-consumer-groups.sh prints it. */
export interface PartitionLag {
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
  partitions: PartitionLag[];
}

export class GroupDescribeError extends Error {
  constructor(readonly group: string, code: number) {
    super(`the coordinator could not describe group "${group}": ${errorName(code)}; retry, or check the broker's log`);
    this.name = 'GroupDescribeError';
  }
}

export class GroupNotFoundError extends Error {
  constructor(readonly group: string) {
    super(`group "${group}" does not exist on this broker (or has expired); list the groups with \`streamdash groups list\``);
    this.name = 'GroupNotFoundError';
  }
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The client upper-cases the broker's state names; Kafka's tools print them as the broker says them. */
const STATE_NAMES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];
function stateName(clientState: string): string {
  return STATE_NAMES.find((s) => s.toUpperCase() === clientState.replaceAll('_', '')) ?? clientState;
}

interface DescribedGroup {
  errorCode: number;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[];
}

/**
 * DescribeGroups goes through our own codec: @platformatic/kafka 1.35 misreads
 * assignments whose user data is null (as Java consumers send them) and
 * crashes the process.
 */
async function describeGroup(admin: Admin, groupId: string): Promise<DescribedGroup> {
  const [coordinator] = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
  const response = await kafkaRequest(coordinator!.host, coordinator!.port, DescribeGroups, 1, { groups: [groupId] });
  const group = response.groups[0] as DescribedGroup;
  if (group.errorCode !== 0) throw new GroupDescribeError(groupId, group.errorCode);
  return group;
}

/** The members with their partitions, and per partition the committed offset, the log end offset and the lag. */
export async function groupReport(admin: Admin, groupId: string): Promise<GroupReport> {
  const group = await describeGroup(admin, groupId);
  const committed = (await admin.listConsumerGroupOffsets({ groups: [groupId] }))[0]?.topics ?? [];
  if (group.groupState === 'Dead' && committed.length === 0) throw new GroupNotFoundError(groupId);

  const rows = new Map<string, PartitionLag>();
  const row = (topic: string, partition: number): PartitionLag => {
    let r = rows.get(key(topic, partition));
    if (!r) {
      r = { topic, partition, committedOffset: null, logEndOffset: -1, lag: null, memberId: null, clientHost: null, clientId: null };
      rows.set(key(topic, partition), r);
    }
    return r;
  };
  const members: GroupReport['members'] = group.members.map((m) => {
    const partitions: string[] = [];
    for (const a of assignedPartitions(m.memberAssignment)) {
      for (const p of a.partitions) {
        Object.assign(row(a.topic, p), { memberId: m.memberId, clientHost: m.clientHost, clientId: m.clientId });
        partitions.push(`${a.topic}-${p}`);
      }
    }
    return { memberId: m.memberId, clientId: m.clientId, clientHost: m.clientHost, partitions };
  });
  for (const t of committed) {
    for (const p of t.partitions) if (p.committedOffset >= 0n) row(t.name, p.partitionIndex).committedOffset = Number(p.committedOffset);
  }
  const byTopic = new Map<string, number[]>();
  for (const r of rows.values()) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.partition]);
  if (byTopic.size > 0) {
    const ends = await admin.listOffsets({
      topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) })),
    });
    for (const t of ends) {
      for (const p of t.partitions) {
        const r = rows.get(key(t.name, p.partitionIndex));
        if (!r) continue;
        r.logEndOffset = Number(p.offset);
        if (r.committedOffset !== null) r.lag = Math.max(0, r.logEndOffset - r.committedOffset);
      }
    }
  }
  const partitions = [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return { group: groupId, state: group.groupState, protocolType: group.protocolType, protocol: group.protocolData, members, partitions };
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
      const listed = [...(await admin.listGroups()).values()].sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) return console.log(JSON.stringify(listed.map((g) => ({ group: g.id, state: stateName(g.state), protocolType: g.protocolType }))));
      if (listed.length === 0) return console.log('No consumer groups.');
      console.log(table(['GROUP', 'STATE', 'PROTOCOL-TYPE'], listed.map((g) => [g.id, stateName(g.state), g.protocolType || '-'])));
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
  const admin = createAdmin(bootstrap, 'streamdash-groups');
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
