import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { PAGES } from '../system/monitor.js';
import { echartsModulePath, WEB_ROOT } from '../web-root.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * A page is web/layout.html (the <head> and page header every page shares) with
 * {{page}} replaced by the page's name and the {{body}} line by web/pages/<page>.html.
 * Plain string substitution: no scripts are inlined, so the CSP stays as it is.
 */
async function renderPage(page: string): Promise<string> {
  const [layout, body] = await Promise.all([
    readFile(join(WEB_ROOT, 'layout.html'), 'utf8'),
    readFile(join(WEB_ROOT, 'pages', `${page}.html`), 'utf8'),
  ]);
  return layout.replaceAll('{{page}}', page).replace('{{body}}\n', () => body);
}

/** The four pages, their scripts and styles, and ECharts from node_modules. Nothing else under web/ is reachable. */
export const pages: FastifyPluginAsync = async (app) => {
  const assetsDir = join(WEB_ROOT, 'assets');
  const assets = new Set((await readdir(assetsDir)).filter((name) => TYPES[extname(name)] !== undefined));

  app.get('/', (_request, reply) => reply.redirect('/taobao'));

  for (const page of PAGES) {
    app.get(`/${page}`, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await renderPage(page)),
    );
  }

  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const { name } = request.params;
    if (!assets.has(name)) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return reply
      .type(TYPES[extname(name)]!)
      .header('cache-control', 'no-cache')
      .send(await readFile(join(assetsDir, name)));
  });

  const echarts = echartsModulePath();
  app.get('/vendor/echarts.esm.min.js', (_request, reply) =>
    reply.type(TYPES['.js']!).header('cache-control', 'public, max-age=86400').send(createReadStream(echarts)),
  );
};
