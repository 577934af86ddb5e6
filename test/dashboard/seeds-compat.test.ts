import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import io from 'socket.io-client';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { inProcessBroker } from '../helpers/broker.js';
import { sendGenderWindows } from './helpers.js';
import { withProducer } from '../helpers/produce.js';

type Broker = Awaited<ReturnType<typeof inProcessBroker>>;

/**
 * The seeds' index.html, reduced to its socket calls: it connects with the old
 * socket.io client (Engine.IO 3), emits test_connect on connect, expects `connected`,
 * then reads "girls,boys" out of each test_message.
 */
describe("the seeds' Flask-SocketIO page protocol, with socket.io-client 2.x", () => {
  let broker: Broker;
  let dashboard: Dashboard;

  before(async () => {
    broker = await inProcessBroker();
    dashboard = await startDashboard({ bootstrap: broker.bootstrap, port: 0 });
  });

  after(async () => {
    await dashboard?.close();
    await broker?.stop();
  });

  it('answers test_connect with connected, then sends test_message {data: "girls,boys"} per window', async () => {
    const socket = io(dashboard.url, { forceNew: true, reconnection: false });
    const messages: unknown[] = [];
    const waiters: Array<() => void> = [];
    socket.on('test_message', (message: unknown) => {
      messages.push(message);
      waiters.splice(0).forEach((wake) => wake());
    });
    const connected = new Promise<unknown>((resolve) => socket.once('connected', resolve));
    socket.on('connect', () => socket.emit('test_connect', { data: "I'm connected!" }));
    try {
      assert.deepEqual(await connected, { data: 'Connected' });
      assert.equal(String(socket.io.engine.transport.query.EIO), '3', 'the 2.x client speaks Engine.IO 3, which the server must allow');

      const start = Date.now() - (Date.now() % 1000);
      const windows = [
        { start, girls: 3, boys: 6, unknown: 1 },
        { start: start + 1000, girls: 0, boys: 2, unknown: 0 },
        { start: start + 2000, girls: 12, boys: 7, unknown: 4 },
      ];
      for (const [i, w] of windows.entries()) {
        const arrived = new Promise<void>((resolve) => waiters.push(resolve));
        await withProducer(broker.bootstrap, (p) => sendGenderWindows(p, [w]));
        await arrived;
        assert.deepEqual(messages[i], { data: `${w.girls},${w.boys}` });
      }
      assert.equal(messages.length, windows.length, 'one test_message per window');
    } finally {
      socket.close();
    }
  });
});
