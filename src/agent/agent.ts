import { silentLogger, type Logger } from '../log.js';
import { ChannelProcessor } from './channel-processor.js';
import type { Channel } from './channels/channel.js';
import {
  CHANNEL_CLASSES,
  CHANNEL_TYPES,
  PROCESSOR_CLASSES,
  PROCESSOR_TYPES,
  SINK_CLASSES,
  SINK_TYPES,
  SOURCE_CLASSES,
  SOURCE_TYPES,
} from './components.js';
import { readAgentConfig, type AgentConfig } from './config/agent-config.js';
import type { BatchSize, Context } from './config/context.js';
import { lookupType } from './config/type-table.js';
import { AgentConfigError, ComponentStartError } from './errors.js';
import { buildInterceptors } from './interceptors/index.js';
import type { Lifecycle } from './lifecycle.js';
import { defaultProcessor, type SinkProcessor } from './processors/sink-processor.js';
import { buildSelector } from './selectors/index.js';
import { SinkRunner } from './sink-runner.js';
import type { Sink } from './sinks/sink.js';
import type { Source } from './sources/source.js';

/**
 * One Flume agent: its channels, sinks (each run by a sink runner, alone or
 * in a sink group) and sources. Building it checks the whole configuration
 * and opens nothing, so a bad configuration never starts half an agent.
 * start() brings up channels, then sinks, then sources; stop() the reverse.
 */
export class Agent {
  private started: Lifecycle[] = [];
  private runners: SinkRunner[] = [];

  private constructor(
    readonly name: string,
    readonly channels: ReadonlyMap<string, Channel>,
    readonly sinks: ReadonlyMap<string, Sink>,
    readonly sources: ReadonlyMap<string, Source>,
    private readonly processors: SinkProcessor[],
    private readonly logger: Logger,
  ) {}

  /** Builds the agent `agentName` from properties text; throws AgentConfigError naming the key at fault. */
  static fromProperties(text: string, agentName: string, opts: { logger?: Logger; env?: NodeJS.ProcessEnv; file?: string } = {}): Agent {
    const logger = opts.logger ?? silentLogger;
    return Agent.fromConfig(readAgentConfig(text, agentName, opts.env ?? process.env, opts.file), logger);
  }

  static fromConfig(cfg: AgentConfig, logger: Logger = silentLogger): Agent {
    for (const w of cfg.warnings) logger.warn(w);
    const channels = new Map<string, Channel>();
    for (const s of cfg.channels) {
      const { value } = lookupType(s.context, 'channel', CHANNEL_TYPES, CHANNEL_CLASSES);
      channels.set(s.name, value(s.name, s.context, logger));
    }
    const sinks = new Map<string, Sink>();
    for (const s of cfg.sinks) {
      const { value } = lookupType(s.context, 'sink', SINK_TYPES, SINK_CLASSES);
      const channel = channels.get(s.context.list('channel')[0]!)!;
      const sink = value(s.name, s.context, channel, logger);
      checkBatch(sink.batch, channel, cfg.agent, `sink ${s.name}`);
      sinks.set(s.name, sink);
    }
    const processors: SinkProcessor[] = [];
    const grouped = new Set<string>();
    for (const g of cfg.sinkgroups) {
      const members = g.context.list('sinks').map((n) => sinks.get(n)!);
      const pctx = g.context.sub('processor.');
      const { type, value } = lookupType(pctx, 'sink processor', PROCESSOR_TYPES, PROCESSOR_CLASSES, 'default');
      if (type === 'default' && members.length > 1) {
        throw new AgentConfigError(pctx.key('type'), `the default processor runs exactly one sink but group ${g.name} lists ${members.length}; use failover or load_balance`);
      }
      processors.push(value(g.name, pctx, members, logger));
      for (const m of members) grouped.add(m.name);
    }
    for (const sink of sinks.values()) if (!grouped.has(sink.name)) processors.push(defaultProcessor(sink));
    const sources = new Map<string, Source>();
    for (const s of cfg.sources) {
      const { value } = lookupType(s.context, 'source', SOURCE_TYPES, SOURCE_CLASSES);
      const own = s.context.list('channels').map((n) => channels.get(n)!);
      const processor = new ChannelProcessor(buildInterceptors(s.context), buildSelector(s.context, own), logger);
      const source = value(s.name, s.context, processor, logger);
      if (source.batch) for (const c of own) checkBatch(source.batch, c, cfg.agent, `source ${s.name}`);
      sources.set(s.name, source);
    }
    const all: Context[] = [...cfg.sources, ...cfg.channels, ...cfg.sinks, ...cfg.sinkgroups].map((s) => s.context);
    for (const ctx of all) for (const key of ctx.unusedKeys()) logger.warn({ key }, `${key} is not a property this agent reads; ignored`);
    return new Agent(cfg.agent, channels, sinks, sources, processors, logger);
  }

  async start(): Promise<void> {
    try {
      for (const c of this.channels.values()) await this.startOne(c, 'channel');
      for (const p of this.processors) {
        for (const s of p.sinks) await this.startOne(s, 'sink');
        const runner = new SinkRunner(p, this.logger);
        runner.start();
        this.runners.push(runner);
      }
      for (const s of this.sources.values()) await this.startOne(s, 'source');
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.logger.info(
      { agent: this.name, sources: [...this.sources.keys()], channels: [...this.channels.keys()], sinks: [...this.sinks.keys()] },
      `agent ${this.name} started`,
    );
  }

  private async startOne(c: Lifecycle & { type: string }, kind: string): Promise<void> {
    try {
      await c.start();
    } catch (err) {
      if (err instanceof ComponentStartError || err instanceof AgentConfigError) throw err;
      throw new ComponentStartError(`${kind} ${c.name} (${c.type}) could not start: ${(err as Error).message}`, { cause: err });
    }
    this.started.push(c);
  }

  /** Sources first, so nothing new comes in; then sink runners and sinks; channels last. */
  async stop(): Promise<void> {
    const started = this.started;
    this.started = [];
    const stopAll = async (items: Lifecycle[]): Promise<void> => {
      for (const c of items) {
        try {
          await c.stop();
        } catch (err) {
          this.logger.error({ err, component: c.name }, `${c.name} did not stop cleanly: ${(err as Error).message}`);
        }
      }
    };
    await stopAll(started.filter((c) => [...this.sources.values()].includes(c as Source)));
    await Promise.all(this.runners.map((r) => r.stop()));
    this.runners = [];
    await stopAll(started.filter((c) => [...this.sinks.values()].includes(c as Sink)));
    await stopAll(started.filter((c) => [...this.channels.values()].includes(c as Channel)));
    this.logger.info({ agent: this.name }, `agent ${this.name} stopped`);
  }
}

function checkBatch(batch: BatchSize, channel: Channel, agent: string, who: string): void {
  if (batch.size <= channel.transactionCapacity) return;
  const key = batch.key ?? `${agent}.channels.${channel.name}.transactionCapacity`;
  const which = batch.isDefault ? ' (the default)' : '';
  throw new AgentConfigError(
    key,
    `${batch.size}${which} exceeds channel ${channel.name}'s transactionCapacity of ${channel.transactionCapacity}: ${who} could never commit a full batch; lower it or raise ${agent}.channels.${channel.name}.transactionCapacity`,
  );
}
