import type { ChannelProcessor } from './channel-processor.js';
import type { Channel } from './channels/channel.js';
import { FileChannel } from './channels/file/file-channel.js';
import { fileChannelOptions } from './channels/file/options.js';
import { MemoryChannel, memoryChannelOptions } from './channels/memory-channel.js';
import type { Context } from './config/context.js';
import type { Logger } from '../log.js';
import { FailoverProcessor } from './processors/failover.js';
import { LoadBalanceProcessor } from './processors/load-balance.js';
import { defaultProcessor, type SinkProcessor } from './processors/sink-processor.js';
import { AvroSink } from './sinks/avro-sink.js';
import { FileRollSink } from './sinks/file-roll-sink.js';
import { KafkaSink } from './sinks/kafka-sink.js';
import { LoggerSink } from './sinks/logger-sink.js';
import { NullSink } from './sinks/null-sink.js';
import type { Sink } from './sinks/sink.js';
import { AvroSource } from './sources/avro-source.js';
import { ExecSource } from './sources/exec-source.js';
import { HttpSource } from './sources/http-source.js';
import { NetcatSource } from './sources/netcat-source.js';
import type { Source } from './sources/source.js';
import { SpoolDirSource } from './sources/spooldir-source.js';
import { TaildirSource } from './sources/taildir/taildir-source.js';

/** Every component type by Flume's type name, with the Java class names Flume also accepts. */
export const SOURCE_TYPES: Record<string, (name: string, ctx: Context, processor: ChannelProcessor, logger: Logger) => Source> = {
  netcat: (n, c, p, l) => new NetcatSource(n, c, p, l),
  exec: (n, c, p, l) => new ExecSource(n, c, p, l),
  spooldir: (n, c, p, l) => new SpoolDirSource(n, c, p, l),
  TAILDIR: (n, c, p, l) => new TaildirSource(n, c, p, l),
  http: (n, c, p, l) => new HttpSource(n, c, p, l),
  avro: (n, c, p, l) => new AvroSource(n, c, p, l),
};

export const SOURCE_CLASSES: Record<string, string> = {
  'org.apache.flume.source.NetcatSource': 'netcat',
  'org.apache.flume.source.ExecSource': 'exec',
  'org.apache.flume.source.SpoolDirectorySource': 'spooldir',
  'org.apache.flume.source.taildir.TaildirSource': 'TAILDIR',
  'org.apache.flume.source.http.HTTPSource': 'http',
  'org.apache.flume.source.AvroSource': 'avro',
};

export const CHANNEL_TYPES: Record<string, (name: string, ctx: Context, logger: Logger) => Channel> = {
  memory: (n, c) => new MemoryChannel(n, memoryChannelOptions(c)),
  file: (n, c, l) => new FileChannel(n, fileChannelOptions(c), l),
};

export const CHANNEL_CLASSES: Record<string, string> = {
  'org.apache.flume.channel.MemoryChannel': 'memory',
  'org.apache.flume.channel.file.FileChannel': 'file',
};

export const SINK_TYPES: Record<string, (name: string, ctx: Context, channel: Channel, logger: Logger) => Sink> = {
  logger: (n, c, ch, l) => new LoggerSink(n, c, ch, l),
  'org.apache.flume.sink.kafka.KafkaSink': (n, c, ch, l) => new KafkaSink(n, c, ch, l),
  avro: (n, c, ch) => new AvroSink(n, c, ch),
  file_roll: (n, c, ch, l) => new FileRollSink(n, c, ch, l),
  null: (n, c, ch) => new NullSink(n, c, ch),
};

export const SINK_CLASSES: Record<string, string> = {
  'org.apache.flume.sink.LoggerSink': 'logger',
  'org.apache.flume.sink.AvroSink': 'avro',
  'org.apache.flume.sink.RollingFileSink': 'file_roll',
  'org.apache.flume.sink.NullSink': 'null',
};

export const PROCESSOR_TYPES: Record<string, (name: string, ctx: Context, sinks: Sink[], logger: Logger) => SinkProcessor> = {
  default: (n, _c, sinks) => ({ ...defaultProcessor(sinks[0]!), name: n }),
  failover: (n, c, sinks, l) => new FailoverProcessor(n, c, sinks, l),
  load_balance: (n, c, sinks, l) => new LoadBalanceProcessor(n, c, sinks, l),
};

export const PROCESSOR_CLASSES: Record<string, string> = {
  'org.apache.flume.sink.DefaultSinkProcessor': 'default',
  'org.apache.flume.sink.FailoverSinkProcessor': 'failover',
  'org.apache.flume.sink.LoadBalancingSinkProcessor': 'load_balance',
};
