/**
 * `streamdash`: the common entry points of every part in one import. Each part also has its
 * own entry (`streamdash/broker`, `/stream`, `/agent`, `/store`, `/dashboard`, `/client`),
 * which loads only that part: import from those when start-up time matters.
 */
export { startBroker, BROKER_DEFAULTS, DataDirLockedError, type Broker, type BrokerOptions } from './broker/index.js';
export {
  StreamBuilder,
  StreamRuntime,
  TestDriver,
  JobCounters,
  setAsideRejected,
  accepted,
  tumbling,
  hopping,
  sliding,
  session,
  serdes,
  type StreamJob,
  type Topology,
  type Serde,
  type Duration,
} from './stream/public.js';
export { startAgent, type Agent, type StartAgentOptions, type FlumeProperties } from './agent/index.js';
export { openStore, type Store } from './store/index.js';
export { startDashboard, type Dashboard, type DashboardOptions } from './dashboard/index.js';
export { createProducer, consumeLoop, createAdmin } from './client/index.js';
export { createLogger, silentLogger, type Logger } from './log.js';
