import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { PageConfig } from '../topic-pages/page-config.js';
import { WEB_ROOT } from '../web-root.js';

/**
 * The pages of `--page` configs: /p/<name> is one HTML file for all of them, which reads
 * its config from /p/<name>/config.json, so nothing of a config is written into the HTML.
 */
export const topicPages: FastifyPluginAsync<{ pages: readonly PageConfig[] }> = async (app, { pages }) => {
  const byName = new Map(pages.map((p) => [p.name, p]));
  const html = await readFile(join(WEB_ROOT, 'topic-page.html'), 'utf8');
  const notFound = (name: string) =>
    `no page "${name}": pages come from \`streamdash dashboard --page FILE\`; this dashboard serves ${pages.length === 0 ? 'none' : pages.map((p) => `/p/${p.name}`).join(', ')}`;

  app.get<{ Params: { name: string } }>('/p/:name', (request, reply) => {
    if (!byName.has(request.params.name)) return reply.code(404).type('text/plain; charset=utf-8').send(notFound(request.params.name));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });

  app.get<{ Params: { name: string } }>('/p/:name/config.json', (request, reply) => {
    const page = byName.get(request.params.name);
    if (page === undefined) return reply.code(404).type('text/plain; charset=utf-8').send(notFound(request.params.name));
    return reply.header('cache-control', 'no-cache').send(page);
  });
};
