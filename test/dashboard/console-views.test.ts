// needs: chromium
import { inProcessBroker } from '../helpers/broker.js';
import { describeConsoleViews } from './console-views.js';

// The views' tests (console-views.ts) against the embedded broker; these run's pictures are docs/console's.
describeConsoleViews({ name: 'the embedded broker', start: () => inProcessBroker(), screenshots: true, timeoutMs: 90_000 });
