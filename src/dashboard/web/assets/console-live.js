// The messages view's live parts, over the console's Socket.IO namespace: a tail that adds
// new records as they arrive, and a bounded substring search that shows its progress.
// One runs at a time; Stop (or starting the other) ends it on the server too.

import { io } from '/socket.io/socket.io.esm.min.js';
import { $, showError } from './console-common.js';
import { appendMessages, showMessages } from './console-messages.js';

const socket = io('/console', { reconnectionDelay: 500, reconnectionDelayMax: 3000 });
let running;

function setRunning(what, status) {
  running = what;
  $('live-status').textContent = status;
  $('live-status').dataset.state = what ?? 'idle';
  $('live-stop').disabled = what === undefined;
}

function where() {
  const partition = $('msg-partition').value;
  return { topic: $('msg-topic').value, ...(partition !== 'all' && { partition: Number(partition) }) };
}

function tail() {
  const request = where();
  showMessages([], `new messages of "${request.topic}", as they arrive`);
  setRunning('tail', 'tail: starting…');
  socket.emit('tail', request);
}

function search() {
  const text = $('search-text').value;
  if (text === '') return showError('type some text to search keys and values for');
  const request = { ...where(), text };
  showMessages([], `messages of "${request.topic}" whose key or value holds "${text}"`);
  setRunning('search', 'search: starting…');
  socket.emit('search', request);
}

socket.on('tail:started', () => running === 'tail' && setRunning('tail', 'tailing: new records show as they arrive'));
socket.on('tail:messages', (messages) => running === 'tail' && appendMessages(messages));
socket.on('search:progress', ({ scanned, total, matches }) => {
  if (running !== 'search') return;
  appendMessages(matches);
  $('live-status').textContent = `searching: ${scanned} of ${total} records scanned`;
});
socket.on('search:done', ({ scanned, total, found, stopped }) => {
  if (running === 'search') setRunning(undefined, `search ${stopped ? 'stopped' : 'done'}: ${scanned} of ${total} records scanned, ${found} found`);
});
socket.on('live:error', ({ error }) => {
  setRunning(undefined, '');
  showError(error);
});

$('live-tail').addEventListener('click', tail);
$('search-run').addEventListener('click', search);
$('live-stop').addEventListener('click', () => {
  socket.emit('stop');
  setRunning(undefined, running === 'tail' ? 'tail stopped' : 'search stopped');
});
// A browse, or another topic, replaces whatever a tail or search was adding.
function stopQuietly() {
  if (running === undefined) return;
  socket.emit('stop');
  setRunning(undefined, '');
}
$('msg-load').addEventListener('click', stopQuietly);
$('msg-topic').addEventListener('change', stopQuietly);
setRunning(undefined, '');
