import { io } from '/socket.io/socket.io.esm.min.js';
import { showStatus } from './shell.js';

/**
 * Connects the page to its room. Every `update` names its channel and is either a
 * snapshot (replace what you hold) or an append (merge by key); after a reconnect the
 * server starts with snapshots, so a page never needs to reload.
 */
export function connect(page, onUpdate) {
  const socket = io({ auth: { page }, reconnectionDelay: 500, reconnectionDelayMax: 3000 });
  let connected = false;
  let everConnected = false;
  let broker = { broker: 'up', since: 0 };
  const render = () => {
    if (!connected) showStatus(everConnected ? 'disconnected' : 'connecting');
    else if (broker.broker === 'down') showStatus('stale', broker.since);
    else showStatus('live');
  };
  socket.on('connect', () => {
    connected = true;
    everConnected = true;
    render();
  });
  socket.on('disconnect', (reason) => {
    connected = false;
    render();
    // After a server-side disconnect the client does not retry by itself; a dashboard page always wants its data.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  socket.on('update', (message) => {
    if (message.channel === 'status') {
      broker = message.items[0] ?? broker;
      render();
    }
    onUpdate(message);
  });
  return socket;
}

/** Merges an update into a series held by the page: items replace those with the same key, then the oldest beyond span go. */
export function mergeSeries(held, message, keyOf, span) {
  const items = message.mode === 'snapshot' ? [] : held.slice();
  for (const item of message.items) {
    const key = keyOf(item);
    let i = items.length;
    while (i > 0 && keyOf(items[i - 1]) > key) i--;
    if (i > 0 && keyOf(items[i - 1]) === key) items[i - 1] = item;
    else items.splice(i, 0, item);
  }
  if (items.length === 0) return items;
  const newest = keyOf(items[items.length - 1]);
  return items.filter((item) => keyOf(item) >= newest - span);
}
