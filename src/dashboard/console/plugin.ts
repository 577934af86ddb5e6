import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { Server } from 'socket.io';
import { createAdmin, Fetcher, GroupDescribeError, Producer, UnknownTopicError } from '../../client/index.js';
import { PageConfigError } from '../topic-pages/page-config.js';
import { WEB_ROOT } from '../web-root.js';
import { parseCandidate, problemOf, serveChartPreview } from './chart-preview.js';
import { applyReset, deleteGroup, GroupNotEmptyError, planReset, readGroup, readGroups } from './groups.js';
import { serveLive } from './live.js';
import { browse, FETCH_MAX_BYTES } from './messages.js';
import { isFault, parseBrowse, parseProduce, parseReset, type BrowseParams, type ProduceBody, type ResetBody } from './parse.js';
import { listTopics, readTopic, readTopics } from './topics.js';
import type { JobView } from '../feeds/job-metrics.js';
import type { ClusterView } from '../system/cluster-view.js';
import { readOverview } from './overview.js';

export interface ConsoleOptions {
  bootstrap: string;
  /** The server's Socket.IO; the console's live tail and search use its `/console` namespace. */
  io: Server;
  /** The stream jobs that report to the metrics topic, with the broker's committed lag of each (the /system view's). */
  jobs: () => readonly JobView[];
  /** The dashboard's last poll of the broker, with each topic's records in and out a second. */
  cluster: () => ClusterView;
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
export const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app, { bootstrap, io, jobs, cluster }) => {
  const admin = createAdmin(bootstrap, 'streamdash-console');
  const fetcher = new Fetcher(bootstrap, { clientId: 'streamdash-console', maxBytes: FETCH_MAX_BYTES });
  const producer = new Producer(bootstrap, { clientId: 'streamdash-console', acks: -1 });
  app.addHook('onClose', async () => {
    await Promise.all([admin.close(), fetcher.close(), producer.close(true)]);
  });
  serveLive(io.of('/console'), admin, bootstrap);
  serveChartPreview(io.of('/console'), admin, bootstrap);
  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof UnknownTopicError) return reply.code(404).send({ error: error.message });
    if (error instanceof RangeError) return reply.code(400).send({ error: error.message });
    if (error instanceof GroupNotEmptyError) return reply.code(409).send({ error: error.message });
    if (error instanceof GroupDescribeError) return reply.code(404).send({ error: error.message });
    return reply.code(502).send({ error: `the broker did not answer as expected: ${message(error)}` });
  });
  const startedAt = Date.now();

  app.get('/console', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(await readFile(join(WEB_ROOT, 'console.html'), 'utf8')),
  );

  app.get('/api/console/overview', async () => ({
    ...(await readOverview(admin, bootstrap, await readTopics(admin), cluster())),
    consoleUptimeMs: Date.now() - startedAt,
  }));

  app.get('/api/console/topics', async () => ({ topics: await listTopics(admin, cluster()) }));

  app.get<{ Params: { name: string } }>('/api/console/topics/:name', async (request) => {
    const topic = await readTopic(admin, request.params.name);
    return { ...topic, configs: await admin.topicConfigs(topic.name) };
  });

  app.get<{ Params: { name: string }; Querystring: BrowseParams }>('/api/console/topics/:name/messages', async (request, reply) => {
    const parsed = parseBrowse(request.query);
    if (isFault(parsed)) return reply.code(400).send({ error: parsed.fault });
    return browse(admin, fetcher, { topic: request.params.name, ...parsed });
  });

  app.post<{ Params: { name: string }; Body: ProduceBody }>('/api/console/topics/:name/messages', async (request, reply) => {
    const parsed = parseProduce(request.params.name, request.body);
    if (isFault(parsed)) return reply.code(400).send({ error: parsed.fault });
    // A produce to a missing topic would create it; the console produces to topics it lists.
    await readTopic(admin, request.params.name);
    const landed = await producer.sendOne(parsed);
    return reply.code(201).send({ partition: landed.partition, offset: landed.offset });
  });

  app.get('/api/console/jobs', async () => ({ jobs: jobs() }));

  // The chart builder's Save: the config checked as `--page` checks its file, and the parsed page it serves.
  app.post<{ Body: { config?: unknown } }>('/api/console/page-configs/check', async (request, reply) => {
    try {
      return { page: parseCandidate(request.body?.config) };
    } catch (error) {
      if (error instanceof PageConfigError) return reply.code(400).send(problemOf(error));
      throw error;
    }
  });

  app.get('/api/console/groups', async () => ({ groups: await readGroups(admin) }));

  app.get<{ Params: { id: string } }>('/api/console/groups/:id', async (request) => readGroup(admin, request.params.id));

  app.post<{ Params: { id: string }; Body: ResetBody }>('/api/console/groups/:id/reset-plan', async (request, reply) => {
    const parsed = parseReset(request.body);
    if (isFault(parsed)) return reply.code(400).send({ error: parsed.fault });
    return { group: request.params.id, dryRun: true, offsets: await planReset(admin, request.params.id, parsed.topic, parsed.target) };
  });

  app.post<{ Params: { id: string }; Body: ResetBody }>('/api/console/groups/:id/reset', async (request, reply) => {
    const parsed = parseReset(request.body);
    if (isFault(parsed)) return reply.code(400).send({ error: parsed.fault });
    const plan = await planReset(admin, request.params.id, parsed.topic, parsed.target);
    await applyReset(admin, request.params.id, plan);
    return { group: request.params.id, dryRun: false, offsets: plan };
  });

  app.delete<{ Params: { id: string } }>('/api/console/groups/:id', async (request) => {
    await deleteGroup(admin, request.params.id);
    return { deleted: request.params.id };
  });

  app.post<{ Body: NewTopicBody }>('/api/console/topics', async (request, reply) => {
    const parsed = parseNewTopic(request.body);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    try {
      await admin.createTopic(parsed.name, { partitions: parsed.partitions, configs: parsed.configs });
    } catch (error) {
      return reply.code(409).send({ error: `the broker refused to create "${parsed.name}": ${message(error)}` });
    }
    return reply.code(201).send({ created: parsed.name });
  });

  app.delete<{ Params: { name: string } }>('/api/console/topics/:name', async (request, reply) => {
    const { name } = request.params;
    try {
      await admin.deleteTopic(name);
    } catch (error) {
      return reply.code(409).send({ error: `the broker refused to delete "${name}": ${message(error)}` });
    }
    return { deleted: name };
  });
};
