import type { Logger } from '../../log.js';
import { TopicError, type Topic, type TopicChange, type TopicRegistry } from '../topics.js';
import { EventType } from './records.js';
import { parentOf, ZkError, type TreeChange, type ZnodeTree } from './tree.js';

/** Owner of the broker's own ephemeral nodes (/brokers/ids/1, /controller): no client session, never expires. */
const BROKER_OWNER = 1n << 56n;

/** Every path Kafka's ZooKeeper-era tools expect to find, as a broker creates them at start. */
const KAFKA_PATHS = [
  '/brokers/ids',
  '/brokers/topics',
  '/brokers/seqid',
  '/config/topics',
  '/config/changes',
  '/config/clients',
  '/config/users',
  '/config/brokers',
  '/admin/delete_topics',
  '/consumers',
  '/isr_change_notification',
  '/log_dir_event_notification',
  '/latest_producer_id_block',
];

export interface KafkaSyncOptions {
  tree: ZnodeTree;
  topics: TopicRegistry;
  nodeId: number;
  clusterId: string;
  host: string;
  port: number;
  logger: Logger;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function parseJson(data: Buffer | null): unknown {
  if (data === null || data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function recordOf(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The name after `prefix/` when `path` is exactly one level below it. */
function childOf(prefix: string, path: string): string | undefined {
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length + 1);
  return rest.includes('/') ? undefined : rest;
}

/**
 * Keeps the znodes Kafka's ZooKeeper-era tools read in step with the broker, both ways:
 * topics the broker creates, grows, reconfigures or deletes show up under /brokers and
 * /config; what a tool writes there (kafka-topics --zookeeper, kafka-configs --zookeeper)
 * is applied to the broker as Kafka's controller would, once the tool's request is answered.
 */
export class KafkaSync {
  /** True while the bridge itself writes, so its own changes are not read back as a tool's. */
  private writing = false;

  constructor(private readonly o: KafkaSyncOptions) {}

  start(): void {
    const { tree, topics, nodeId, host, port, clusterId } = this.o;
    this.write(() => {
      for (const p of KAFKA_PATHS) this.ensure(p, null);
      this.ensure('/cluster/id', json({ version: '1', id: clusterId }));
      this.ensure('/controller_epoch', Buffer.from('1'));
      const now = String(Date.now());
      this.replaceEphemeral(`/brokers/ids/${nodeId}`, {
        listener_security_protocol_map: { PLAINTEXT: 'PLAINTEXT' },
        endpoints: [`PLAINTEXT://${host}:${port}`],
        jmx_port: -1,
        host,
        timestamp: now,
        port,
        version: 4,
      });
      this.replaceEphemeral('/controller', { version: 1, brokerid: nodeId, timestamp: now });
      // The broker's topics are the truth: znodes of topics it no longer has go.
      for (const t of tree.getChildren('/brokers/topics').children) if (!topics.get(t)) this.removeTopicNodes(t);
      for (const t of topics.all()) this.writeTopic(t);
    });
    for (const t of tree.getChildren('/admin/delete_topics').children) this.deleteRequested(t);
    tree.onCommit((changes) => {
      if (!this.writing) setImmediate(() => this.fromTools(changes));
    });
    topics.onChange((c) => this.fromBroker(c));
  }

  /** Runs znode writes as one zxid, marked as the bridge's own. */
  private write(fn: () => void): void {
    const { tree } = this.o;
    const outer = this.writing;
    this.writing = true;
    tree.begin();
    try {
      fn();
      tree.commit();
    } catch (err) {
      tree.rollback();
      throw err;
    } finally {
      this.writing = outer;
    }
  }

  private ensure(path: string, data: Buffer | null, o: { ephemeral?: boolean } = {}): void {
    const { tree } = this.o;
    if (tree.has(path)) return;
    if (!tree.has(parentOf(path))) this.ensure(parentOf(path), null);
    tree.create(path, data, [], { ephemeralOwner: o.ephemeral ? BROKER_OWNER : 0n, sequential: false }, tree.zxid);
  }

  private put(path: string, data: Buffer): void {
    const { tree } = this.o;
    if (!tree.has(path)) return this.ensure(path, data);
    if (!tree.getData(path).data?.equals(data)) tree.setData(path, data, -1, tree.zxid);
  }

  private replaceEphemeral(path: string, value: unknown): void {
    if (this.o.tree.has(path)) this.o.tree.delete(path, -1, this.o.tree.zxid);
    this.ensure(path, json(value), { ephemeral: true });
  }

  private removeTree(path: string): void {
    const { tree } = this.o;
    if (!tree.has(path)) return;
    for (const c of tree.getChildren(path).children) this.removeTree(`${path}/${c}`);
    tree.delete(path, -1, tree.zxid);
  }

  private removeTopicNodes(name: string): void {
    this.removeTree(`/brokers/topics/${name}`);
    this.removeTree(`/config/topics/${name}`);
    this.removeTree(`/admin/delete_topics/${name}`);
  }

  /** The topic's assignment, partition states and config, written only where they differ. */
  private writeTopic(t: Topic): void {
    const { tree, nodeId } = this.o;
    const path = `/brokers/topics/${t.name}`;
    const current = tree.has(path) ? recordOf(recordOf(parseJson(tree.getData(path).data))?.partitions) : undefined;
    // A tool's own assignment is kept as it wrote it when it agrees on the partitions.
    if (!current || Object.keys(current).length !== t.partitions.length) {
      const partitions = Object.fromEntries(t.partitions.map((_, p) => [String(p), [nodeId]]));
      this.put(path, json({ version: 1, partitions }));
    }
    for (let p = 0; p < t.partitions.length; p++) {
      this.ensure(`${path}/partitions/${p}`, null);
      this.put(`${path}/partitions/${p}/state`, json({ controller_epoch: 1, leader: nodeId, version: 1, leader_epoch: 0, isr: [nodeId] }));
    }
    const cfgPath = `/config/topics/${t.name}`;
    const cfg = tree.has(cfgPath) ? recordOf(recordOf(parseJson(tree.getData(cfgPath).data))?.config) : undefined;
    if (!cfg || JSON.stringify(cfg) !== JSON.stringify(t.configs)) this.put(cfgPath, json({ version: 1, config: t.configs }));
  }

  private fromBroker(c: TopicChange): void {
    this.write(() => {
      if (c.kind === 'deleted') this.removeTopicNodes(c.topic.name);
      else this.writeTopic(c.topic);
    });
  }

  private fromTools(changes: readonly TreeChange[]): void {
    for (const c of changes) {
      try {
        const topic = childOf('/brokers/topics', c.path);
        if (topic !== undefined && (c.type === EventType.NodeCreated || c.type === EventType.NodeDataChanged)) this.assignmentWritten(topic);
        const doomed = childOf('/admin/delete_topics', c.path);
        if (doomed !== undefined && c.type === EventType.NodeCreated) this.deleteRequested(doomed);
        const notice = childOf('/config/changes', c.path);
        if (notice !== undefined && c.type === EventType.NodeCreated) this.configChanged(notice);
      } catch (err) {
        if (!(err instanceof TopicError) && !(err instanceof ZkError)) throw err;
        this.o.logger.warn({ path: c.path, err: err.message }, 'a ZooKeeper write could not be applied to the broker');
      }
    }
  }

  private topicConfigs(name: string): Record<string, string> {
    const path = `/config/topics/${name}`;
    if (!this.o.tree.has(path)) return {};
    const cfg = recordOf(recordOf(parseJson(this.o.tree.getData(path).data))?.config) ?? {};
    return Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k, String(v)]));
  }

  /** `kafka-topics --zookeeper --create` writes the assignment; `--alter --partitions` rewrites it larger. */
  private assignmentWritten(name: string): void {
    const { tree, topics, logger } = this.o;
    const path = `/brokers/topics/${name}`;
    if (!tree.has(path)) return;
    const partitions = recordOf(recordOf(parseJson(tree.getData(path).data))?.partitions);
    if (!partitions) {
      logger.warn({ path }, 'topic assignment without a "partitions" object; ignored');
      return;
    }
    const count = Object.keys(partitions).length;
    const existing = topics.get(name);
    if (!existing) topics.create(name, count, this.topicConfigs(name));
    else if (count > existing.partitions.length) topics.addPartitions(name, count);
  }

  /** `kafka-topics --zookeeper --delete` marks the topic under /admin/delete_topics. */
  private deleteRequested(name: string): void {
    const { topics } = this.o;
    if (topics.get(name)) topics.delete(name);
    else this.write(() => this.removeTopicNodes(name));
  }

  /** `kafka-configs --zookeeper --alter` rewrites /config/topics/<t> and leaves a notice under /config/changes. */
  private configChanged(notice: string): void {
    const { tree, topics } = this.o;
    const path = `/config/changes/${notice}`;
    if (!tree.has(path)) return;
    const n = recordOf(parseJson(tree.getData(path).data)) ?? {};
    // Version 2 names an entity path ("topics/t"); version 1 its type and name.
    const [type, name] = typeof n.entity_path === 'string' ? n.entity_path.split('/') : [n.entity_type, n.entity_name];
    if (type === 'topics' && typeof name === 'string' && topics.get(name)) topics.setConfigs(name, this.topicConfigs(name));
    this.write(() => this.removeTree(path));
  }
}
