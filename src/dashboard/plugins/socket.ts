import type { FastifyPluginAsync } from 'fastify';
import type { Server, Socket } from 'socket.io';
import type { Hub } from '../hub/hub.js';
import { PAGES } from '../system/monitor.js';

function pageOf(socket: Socket, topicPages: readonly string[]): string | undefined {
  const asked = (socket.handshake.auth as { page?: unknown }).page ?? socket.handshake.query.page;
  return PAGES.find((p) => p === asked) ?? topicPages.find((p) => p === asked);
}

/**
 * A page names itself when it connects and joins that page's room (a `--page` page's is `p/<name>`). A page written for
 * the seeds' Flask app emits `test_connect` instead: it is answered with `connected`
 * and then gets the seeds' `test_message` per window. Clients send nothing else; any
 * other event is ignored.
 */
export const socket: FastifyPluginAsync<{ io: Server; hub: Hub; topicPageRooms: readonly string[] }> = async (app, { io, hub, topicPageRooms }) => {
  io.on('connection', (client) => {
    const page = pageOf(client, topicPageRooms);
    if (page) hub.attach(client, [page]);
    client.on('test_connect', () => {
      client.emit('connected', { data: 'Connected' });
      hub.attach(client, ['seeds']);
    });
  });

  app.addHook('preClose', async () => {
    // Closing the transports (not a Socket.IO disconnect, after which clients would not retry) lets the pages reconnect to the next server.
    // The engine's close leaves the HTTP server to fastify.
    io.engine.close();
  });
};
