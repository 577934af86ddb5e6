/**
 * A user's project as a new user writes one: modules that import streamdash only by its public
 * names. Kept as text, so that this repository's own build never compiles them; the tests
 * write them into a folder outside the repository, next to the installed tarball.
 */

/** Starts a broker and a dashboard through the public entry points, prints where they are, stops on SIGTERM. */
export const SERVICES_MJS = `import { startBroker } from 'streamdash/broker';
import { startDashboard } from 'streamdash/dashboard';

const broker = await startBroker({ port: 0, dataDir: process.argv[2] });
const dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0, pollIntervalMs: 500 });
console.log(JSON.stringify({ bootstrap: broker.bootstrap, port: broker.port, dashboard: dashboard.url }));
process.once('SIGTERM', async () => {
  await dashboard.close();
  await broker.close();
  process.exit(0);
});
`;

/** A stateless JavaScript job; its default export is a bare topology. */
export const SHOUT_MJS = `import { serdes, StreamBuilder } from 'streamdash/stream';

const b = new StreamBuilder();
b.stream('words')
  .map((word) => word.toUpperCase())
  .to('shouts', { value: serdes.string });
export default b.build();
`;

/** Parsing in a module of its own, imported as './parse.js' (TypeScript's NodeNext convention). */
export const PARSE_TS = `import type { Parsed } from 'streamdash/stream';

export interface Order {
  readonly user: string;
  readonly amount: number;
}

export function parseOrder(text: string): Parsed<Order> {
  const [user, amount] = text.split(',');
  const n = Number(amount);
  if (!user || !Number.isInteger(n)) return { ok: false, reason: 'an order is user,amount (a whole number)', text };
  return { ok: true, value: { user, amount: n } };
}
`;

/** A stateful TypeScript job: totals per user in keyed state, malformed lines to a dead-letter topic, its own counters. */
export const ORDERS_TS = `import { accepted, createLogger, DEAD_LETTERED, JobCounters, setAsideRejected, StreamBuilder, type StreamJob } from 'streamdash/stream';
import { parseOrder } from './parse.js';

const counters = new JobCounters([DEAD_LETTERED]);
const b = new StreamBuilder();
const parsed = b.stream('orders').map(parseOrder);
setAsideRejected(parsed, { job: 'order-totals', topic: 'orders-dead-letter', counters, logger: createLogger('warn', 'order-totals') });
parsed
  .filter(accepted)
  .mapToPair((order): [string, number] => [order.value.user, order.value.amount])
  .updateStateByKey((amounts: readonly number[], total: number | undefined) => amounts.reduce((a, b) => a + b, total ?? 0), { interval: '1s', name: 'totals' })
  .toStream()
  .to('order-totals');

const job: StreamJob = { name: 'order-totals', topology: b.build(), counters: () => counters.snapshot() };
export default job;
`;

/** Type-checks the user's TypeScript against the tarball's declarations, as their editor would. */
export const TSCONFIG_JSON = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": ["node"]
  },
  "include": ["*.ts"]
}
`;

/** Imports every entry point by its public name, with types. */
export const ENTRY_POINTS_TS = `import * as root from 'streamdash';
import { startBroker, type Broker } from 'streamdash/broker';
import { StreamBuilder, StreamRuntime, TestDriver, tumbling, type StreamJob } from 'streamdash/stream';
import { startAgent, type StartAgentOptions } from 'streamdash/agent';
import { openStore, type Store } from 'streamdash/store';
import { startDashboard, type DashboardOptions } from 'streamdash/dashboard';
import { createProducer, consumeLoop, type TextRecord } from 'streamdash/client';

export const used = [root.startBroker, startBroker, StreamBuilder, StreamRuntime, TestDriver, tumbling, startAgent, openStore, startDashboard, createProducer, consumeLoop];
export type Used = [Broker, StreamJob, StartAgentOptions, Store, DashboardOptions, TextRecord];
`;
