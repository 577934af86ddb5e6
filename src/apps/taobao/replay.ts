import { createReadStream, statSync } from 'node:fs';
import type { DeadLetterFile } from '../dead-letter.js';
import { RateLimiter, systemClock, type Clock } from '../rate.js';
import { CsvSplitter, type CsvRecord } from './csv-reader.js';
import { InputFileError } from './errors.js';
import { formatRow, isHeader, parseUserLogFields, plainRowGender, type MessageFormat } from './user-log.js';

/** How much of the file is read at a time: memory use is bounded by this, whatever the file's size. */
export const READ_CHUNK_BYTES = 1 << 20;

/** Where replayed rows go; BatchSender (src/client/producer.ts) is the one that talks to Kafka. */
export interface RowSink {
  push(message: { topic: string; value: string }): void;
  /** True when the caller must `await ready()` before pushing more. */
  readonly full: boolean;
  ready(): Promise<void>;
  /** Sends what was pushed so far without waiting. */
  dispatch(): void;
  /** Sends the rest and waits until all of it is acknowledged. */
  flush(): Promise<void>;
  /** Messages acknowledged so far. */
  readonly acked: number;
}

export interface ReplayOptions {
  file: string;
  topic: string;
  format: MessageFormat;
  /** Rows a second; 0 sends as fast as the broker takes them. */
  rate: number;
  /** Start over at the top of the file at its end, until stopped or --limit is reached. */
  loop?: boolean;
  /** Stop after this many good rows. */
  limit?: number;
  deadLetter: DeadLetterFile;
  clock?: Clock;
  /** Aborting stops reading; what was already pushed is still flushed. */
  signal?: AbortSignal;
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  /** Good rows handed to the sink. */
  queued: number;
  bad: number;
  /** Completed passes over the file (more than one only with loop). */
  passes: number;
  /** Bytes read in the current pass, and the file's size. */
  bytesRead: number;
  fileBytes: number;
}

export interface ReplaySummary extends ReplayProgress {
  /** Rows the broker acknowledged. */
  sent: number;
  elapsedMs: number;
  /** Stopped by the signal (Ctrl-C) rather than by the end of the file or the limit. */
  interrupted: boolean;
  /** Set when sending failed; rows after the failure were not sent. */
  failure?: Error;
  /** Bad rows by kind of reason, for the summary. */
  badByReason: Map<string, number>;
}

/**
 * Replays a user_log.csv into a sink: each good row becomes one message in the
 * chosen format, paced to the rate; each bad row is written with its line
 * number to the dead-letter file and counted. The file is read as a stream, so
 * memory stays flat whatever its size.
 */
export async function replayUserLog(options: ReplayOptions, sink: RowSink): Promise<ReplaySummary> {
  const { topic, format, deadLetter, signal } = options;
  const clock = options.clock ?? systemClock;
  const limiter = options.rate > 0 ? new RateLimiter(options.rate, clock) : undefined;
  const limit = options.limit ?? Infinity;
  const started = clock.now();
  const badBefore = deadLetter.count;
  let fileBytes: number;
  try {
    fileBytes = statSync(options.file).size;
  } catch (error) {
    throw new InputFileError(options.file, error);
  }
  const progress: ReplayProgress = { queued: 0, bad: 0, passes: 0, bytesRead: 0, fileBytes };
  let stopped = false;
  let failure: Error | undefined;

  const setAside = (record: CsvRecord, reason: string) => {
    deadLetter.write({ line: record.line, reason, text: record.text });
    progress.bad = deadLetter.count - badBefore;
  };

  const report = (fromByte: number, toByte: number, done: number, of: number) => {
    progress.bytesRead = Math.round(fromByte + ((toByte - fromByte) * done) / of);
    options.onProgress?.(progress);
  };

  let firstRecord = true;
  // A 1 MB chunk holds some 20,000 rows, which at the seeds' 10 rows a second is half an hour: progress is reported inside a chunk too.
  const take = async (records: CsvRecord[], fromByte: number, toByte: number) => {
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if ((i & 8191) === 8191) report(fromByte, toByte, i, records.length);
      if (progress.queued >= limit || signal?.aborted) {
        stopped = true;
        return;
      }
      if (record.error !== undefined) {
        setAside(record, record.error);
        continue;
      }
      if (firstRecord) {
        firstRecord = false;
        if (isHeader(record.fields)) continue;
      }
      let value: string | undefined;
      if (format !== 'json' && record.plain) {
        const gender = plainRowGender(record.text);
        if (gender !== undefined) value = format === 'gender' ? gender : record.text;
      }
      if (value === undefined) {
        const parsed = parseUserLogFields(record.fields);
        if (!parsed.ok) {
          setAside(record, parsed.reason);
          continue;
        }
        value = formatRow(format, parsed.row, record.text, record.fields);
      }
      if (limiter) {
        const wait = limiter.reserve();
        // Under a millisecond is below timer resolution; the absolute schedule absorbs it.
        if (wait >= 1) {
          report(fromByte, toByte, i, records.length);
          await clock.sleep(wait);
        }
        if (signal?.aborted) {
          stopped = true;
          return;
        }
      }
      sink.push({ topic, value });
      progress.queued++;
      if (limiter && limiter.delayUntilNext() >= 1) sink.dispatch();
      if (sink.full) await sink.ready();
    }
  };

  try {
    while (!stopped) {
      const queuedBefore = progress.queued;
      firstRecord = true;
      await replayPass(options.file, progress, take, () => stopped, options.onProgress);
      if (!stopped) progress.passes++;
      // A pass without one good row would make --loop spin forever on a file that can never send anything.
      if (!options.loop || progress.queued === queuedBefore) break;
    }
    await sink.flush();
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  options.onProgress?.(progress);
  return {
    ...progress,
    sent: sink.acked,
    elapsedMs: clock.now() - started,
    interrupted: signal?.aborted === true,
    ...(failure ? { failure } : {}),
    badByReason: new Map(deadLetter.byReason),
  };
}

async function replayPass(
  file: string,
  progress: ReplayProgress,
  take: (records: CsvRecord[], fromByte: number, toByte: number) => Promise<void>,
  isStopped: () => boolean,
  onProgress: ((progress: ReplayProgress) => void) | undefined,
): Promise<void> {
  const splitter = new CsvSplitter();
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  progress.bytesRead = 0;
  try {
    for await (const chunk of stream) {
      await take(splitter.push(chunk as string), progress.bytesRead, stream.bytesRead);
      progress.bytesRead = stream.bytesRead;
      onProgress?.(progress);
      if (isStopped()) return;
    }
    await take(splitter.end(), progress.bytesRead, progress.bytesRead);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw new InputFileError(file, error);
    throw error;
  } finally {
    stream.destroy();
  }
}
