// A page's client that connects, takes its first update, says "ready" and is then frozen by the test (SIGSTOP): it never reads again.
import io from 'socket.io-client';

const [url, page] = process.argv.slice(2);
const socket = io(url!, { query: { page }, transports: ['websocket'], reconnection: false });
socket.once('update', () => process.stdout.write('ready\n'));
socket.on('disconnect', () => process.exit(0));
