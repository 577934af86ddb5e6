import type { Channel } from '../channels/channel.js';
import type { Sink, Status } from '../sinks/sink.js';

/** Flume's sink processor: runs one sink, or picks among a group's sinks on each call. */
export interface SinkProcessor {
  readonly name: string;
  readonly sinks: Sink[];
  process(): Promise<Status>;
}

export function channelsOf(p: SinkProcessor): Channel[] {
  return [...new Set(p.sinks.map((s) => s.channel))];
}

/** Flume's `default` processor: the one sink, as is. */
export function defaultProcessor(sink: Sink): SinkProcessor {
  return { name: sink.name, sinks: [sink], process: () => sink.process() };
}
