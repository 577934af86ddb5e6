import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { createAdmin, UnknownTopicError } from '../../client/index.js';
import { WEB_ROOT } from '../web-root.js';
import { requireToken } from './guard.js';
import { readTopic, readTopics } from './topics.js';

export interface ConsoleOptions {
  bootstrap: string;
  /** Undefined: changing actions are open (loopback only). */
  token: string | undefined;
}

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

interface NewTopicBody {
  name?: unknown;
  partitions?: unknown;
  configs?: unknown;
}

function parseNewTopic(body: NewTopicBody): { name: string; partitions: number; configs: Record<string, string> } | string {
  const { name, partitions = 1, configs = {} } = body ?? {};
  if (typeof name !== 'string' || !TOPIC_NAME.test(name) || name === '.' || name === '..') return 'a topic name is 1 to 249 of a-z A-Z 0-9 . _ -';
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) return 'partitions is a whole number from 1 to 10000';
  if (typeof configs !== 'object' || configs === null || Object.values(configs).some((v) => typeof v !== 'string')) return 'configs maps names to string values';
  return { name, partitions, configs: configs as Record<string, string> };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** /console and its JSON API under /api/console; every read and change goes through src/client. */
export const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app, { bootstrap, token }) => {
  const admin = createAdmin(bootstrap, 'streamdash-console');
  app.addHook('onClose', () => admin.close());
  const startedAt = Date.now();
  const guard = { preHandler: requireToken(token) };

  app.get('/console', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await readFile(join(WEB_ROOT, 'console.html'), 'utf8')),
  );

  app.get('/api/console/overview', async () => {
    const topics = await readTopics(admin);
    return {
      bootstrap,
      consoleUptimeMs: Date.now() - startedAt,
      topicCount: topics.length,
      partitionCount: topics.reduce((s, t) => s + t.partitions.length, 0),
      tokenRequired: token !== undefined,
    };
  });

  app.get('/api/console/topics', async () => ({ topics: await readTopics(admin) }));

  app.get<{ Params: { name: string } }>('/api/console/topics/:name', async (request, reply) => {
    try {
      // DescribeConfigs is not in src/client yet: the page says so rather than showing an empty list.
      return { ...(await readTopic(admin, request.params.name)), configs: { served: false } };
    } catch (error) {
      if (error instanceof UnknownTopicError) return reply.code(404).send({ error: error.message });
      throw error;
    }
  });

  app.post<{ Body: NewTopicBody }>('/api/console/topics', guard, async (request, reply) => {
    const parsed = parseNewTopic(request.body);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    try {
      await admin.createTopic(parsed.name, { partitions: parsed.partitions, configs: parsed.configs });
    } catch (error) {
      return reply.code(409).send({ error: `the broker refused to create "${parsed.name}": ${message(error)}` });
    }
    return reply.code(201).send({ created: parsed.name });
  });

  app.delete<{ Params: { name: string } }>('/api/console/topics/:name', guard, async (request, reply) => {
    const { name } = request.params;
    try {
      await admin.deleteTopic(name);
    } catch (error) {
      return reply.code(409).send({ error: `the broker refused to delete "${name}": ${message(error)}` });
    }
    return { deleted: name };
  });
};
