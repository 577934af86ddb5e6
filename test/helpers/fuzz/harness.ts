import { connect, type Socket } from 'node:net';
import { describeInput, fuzzInput, type FuzzInput, type Target } from './inputs.js';

export interface FuzzOptions {
  port: number;
  seed: number;
  /** Inputs [first, first + count) of the seed's sequence. */
  first: number;
  count: number;
  targets: readonly Target[];
  /** Connections sending at once. */
  connections: number;
  /** Inputs in flight on one connection. */
  window: number;
  /** No response and no close this long after an input was sent is a hang. */
  hangMs: number;
  /** Settles with a description if the broker dies; the run stops there. */
  crashed: Promise<string>;
  /** Called every `every` inputs settled, for progress lines. */
  progress?: { every: number; report(stats: FuzzStats): void };
}

export interface Finding {
  kind: 'hang' | 'dropped' | 'unexpected-response' | 'crash';
  input: string;
}

export interface FuzzStats {
  /** Inputs settled: answered, closed on, or silent. */
  settled: number;
  responses: number;
  closes: number;
  /** Produce acks=0 inputs the broker decodes: Kafka sends nothing back. */
  silent: number;
  /** Inputs sent again because a close came before the broker read them. */
  resent: number;
  connectionsOpened: number;
  findings: Finding[];
  crash: string | undefined;
  elapsedMs: number;
}

interface InFlight {
  input: FuzzInput;
  correlationId: number;
  sentAt: number;
  tries: number;
}

/** Resends after a close: the input the broker closed on is the first unanswered one; those behind it were likely never read. */
const MAX_TRIES = 3;

/**
 * Sends the inputs over `connections` pipelined connections. Each input must
 * get a response with its correlation id (responses come in order, so one that
 * skips an earlier input is a finding), or the broker closes the connection;
 * then the lane reconnects. Silence past `hangMs` is a hang.
 */
export async function runFuzz(o: FuzzOptions): Promise<FuzzStats> {
  const stats: FuzzStats = { settled: 0, responses: 0, closes: 0, silent: 0, resent: 0, connectionsOpened: 0, findings: [], crash: undefined, elapsedMs: 0 };
  const started = Date.now();
  let next = o.first;
  const end = o.first + o.count;
  const again: InFlight[] = [];
  const live = new Set<InFlight[]>();
  let stopped = false;
  let lastReport = 0;

  const settle = (kind: 'responses' | 'closes' | 'silent') => {
    stats[kind]++;
    stats.settled++;
    if (o.progress && stats.settled - lastReport >= o.progress.every) {
      lastReport = stats.settled;
      stats.elapsedMs = Date.now() - started;
      o.progress.report(stats);
    }
  };
  const take = (): { input: FuzzInput; tries: number } | undefined => {
    const retry = again.shift();
    if (retry) return { input: retry.input, tries: retry.tries };
    if (next >= end) return undefined;
    return { input: fuzzInput(o.seed, next++, o.targets), tries: 0 };
  };

  const crash = o.crashed.then((what) => {
    // Our own kill at the end of a run is no crash.
    if (stopped) return;
    stopped = true;
    stats.crash = what;
    const inFlight = [...live].flat().map((f) => describeInput(f.input));
    stats.findings.push({ kind: 'crash', input: `${what}; inputs in flight: ${inFlight.join(' | ') || 'none'}` });
  });

  const lane = async (): Promise<void> => {
    while (!stopped) {
      const work = take();
      if (!work) return;
      await oneConnection(work);
    }
  };

  // One connection: sends until the broker closes it or the work runs out.
  const oneConnection = (first: { input: FuzzInput; tries: number }) =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect(o.port, '127.0.0.1');
      stats.connectionsOpened++;
      const flight: InFlight[] = [];
      live.add(flight);
      let correlationId = 0;
      let buffered: Buffer = Buffer.alloc(0);
      let pending: { input: FuzzInput; tries: number } | undefined = first;
      let finished = false;

      const send = (work: { input: FuzzInput; tries: number }) => {
        const { input } = work;
        const frame = Buffer.alloc(4 + input.payload.length);
        frame.writeInt32BE(input.payload.length, 0);
        input.payload.copy(frame, 4);
        if (input.payload.length >= 8) frame.writeInt32BE(++correlationId, 8);
        socket.write(frame);
        // Produce acks=0 gets no answer by design; it is not waited for.
        if (input.silent) settle('silent');
        else flight.push({ input, correlationId, sentAt: Date.now(), tries: work.tries });
      };
      const fill = () => {
        while (!stopped && flight.length < o.window) {
          const work = pending ?? take();
          pending = undefined;
          if (!work) break;
          if (work.tries > 0) stats.resent++;
          send(work);
        }
        if (flight.length === 0 && !finished) socket.end();
      };
      const onFrame = (payload: Buffer) => {
        const id = payload.length >= 4 ? payload.readInt32BE(0) : -1;
        const at = flight.findIndex((f) => f.correlationId === id);
        if (at === -1) {
          stats.findings.push({ kind: 'unexpected-response', input: `correlation id ${id} on a connection that did not wait for it` });
          return;
        }
        for (const skipped of flight.splice(0, at)) {
          stats.findings.push({ kind: 'dropped', input: `${describeInput(skipped.input)}: no response, yet the one after it was answered` });
          settle('responses');
        }
        flight.shift();
        settle('responses');
        fill();
      };
      const timer = setInterval(() => {
        const oldest = flight[0];
        if (oldest && Date.now() - oldest.sentAt > o.hangMs + oldest.input.waitMs) {
          stats.findings.push({ kind: 'hang', input: `${describeInput(oldest.input)}: no response and no close in ${o.hangMs + oldest.input.waitMs} ms` });
          flight.shift();
          settle('closes');
          socket.destroy();
        }
      }, Math.min(500, o.hangMs / 4));
      timer.unref();
      socket.on('connect', fill);
      socket.on('data', (d: Buffer) => {
        buffered = buffered.length === 0 ? d : Buffer.concat([buffered, d]);
        while (buffered.length >= 4) {
          const size = buffered.readInt32BE(0);
          if (buffered.length < 4 + size) break;
          const payload = buffered.subarray(4, 4 + size);
          buffered = buffered.subarray(4 + size);
          onFrame(payload);
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        finished = true;
        clearInterval(timer);
        live.delete(flight);
        const closedOn = flight.shift();
        if (closedOn) settle('closes');
        for (const f of flight) {
          if (f.tries + 1 >= MAX_TRIES) settle('closes');
          else again.push({ ...f, tries: f.tries + 1 });
        }
        if (pending) again.push({ ...pending, sentAt: 0, correlationId: 0 });
        resolve();
      });
    });

  await Promise.race([Promise.all(Array.from({ length: o.connections }, lane)), crash]);
  stopped = true;
  stats.elapsedMs = Date.now() - started;
  return stats;
}

/** Sends one input alone on a fresh connection: its response payload, or 'closed' if the broker closed on it. */
export async function replayInput(port: number, input: FuzzInput, timeoutMs = 5000): Promise<Buffer | 'closed'> {
  const socket = connect(port, '127.0.0.1');
  const frame = Buffer.alloc(4 + input.payload.length);
  frame.writeInt32BE(input.payload.length, 0);
  input.payload.copy(frame, 4);
  if (input.payload.length >= 8) frame.writeInt32BE(1, 8);
  socket.write(frame);
  let buffered: Buffer = Buffer.alloc(0);
  try {
    return await new Promise<Buffer | 'closed'>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${describeInput(input)}: no response and no close in ${timeoutMs} ms`)), timeoutMs);
      socket.on('data', (d: Buffer) => {
        buffered = Buffer.concat([buffered, d]);
        if (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
          clearTimeout(timer);
          resolve(buffered.subarray(4, 4 + buffered.readInt32BE(0)));
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve('closed');
      });
    });
  } finally {
    socket.destroy();
  }
}
