import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Context } from '../../config/context.js';
import { AgentConfigError } from '../../errors.js';

export interface FileChannelOptions {
  checkpointDir: string;
  dataDirs: string[];
  capacity: number;
  transactionCapacity: number;
  checkpointIntervalMs: number;
  maxFileSize: number;
  keepAliveMs: number;
  fsyncPerTransaction: boolean;
  fsyncIntervalMs: number;
  /** Bytes of recently put events kept in memory so takes need not read them back from disk. */
  cacheBytes: number;
}

/** Flume's defaults live under ~/.flume; ours under ~/.streamdash, as the formats differ. */
const DEFAULT_ROOT = join(homedir(), '.streamdash', 'file-channel');

export function fileChannelOptions(ctx: Context): FileChannelOptions {
  const capacity = ctx.int('capacity', 1_000_000, 1);
  const transactionCapacity = ctx.int('transactionCapacity', 10_000, 1);
  if (transactionCapacity > capacity) {
    throw new AgentConfigError(ctx.key('transactionCapacity'), `${transactionCapacity} is higher than capacity ${capacity}; a transaction must fit in the channel`);
  }
  const dataDirs = ctx.string('dataDirs', join(DEFAULT_ROOT, 'data')).split(',').map((d) => d.trim()).filter(Boolean);
  if (dataDirs.length === 0) throw new AgentConfigError(ctx.key('dataDirs'), 'is empty; name one or more directories, comma-separated');
  return {
    checkpointDir: resolve(ctx.string('checkpointDir', join(DEFAULT_ROOT, 'checkpoint'))),
    dataDirs: dataDirs.map((d) => resolve(d)),
    capacity,
    transactionCapacity,
    checkpointIntervalMs: ctx.int('checkpointInterval', 30_000, 1000),
    maxFileSize: ctx.int('maxFileSize', 2_146_435_071, 1024),
    keepAliveMs: ctx.int('keep-alive', 3, 0) * 1000,
    fsyncPerTransaction: ctx.bool('fsyncPerTransaction', true),
    fsyncIntervalMs: ctx.int('fsyncInterval', 5, 1) * 1000,
    cacheBytes: 64 * 1024 * 1024,
  };
}
