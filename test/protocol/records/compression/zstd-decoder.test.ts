// needs: zstd, kcat
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Fetch } from '../../../../src/protocol/apis.js';
import { CompressionType, CorruptCompressedDataError, compress, decompress, UnsupportedCompressionError } from '../../../../src/protocol/records/compression/index.js';
import { xxhash64 } from '../../../../src/protocol/records/compression/xxhash64.js';
import { zstdDecompress } from '../../../../src/protocol/records/compression/zstd-decoder.js';
import { zstdAvailable } from '../../../../src/protocol/records/compression/zstd.js';
import { decodeRecordBatches } from '../../../../src/protocol/records/record-batch.js';
import { inProcessBroker, tempDir } from '../../../helpers/broker.js';
import { run } from '../../../helpers/exec.js';
import { fetchAll, fetchRequest, NO_RECORDS } from '../../../helpers/fetch-all.js';
import { RawClient } from '../../../helpers/raw-client.js';

// The reference zstd CLI is the independent encoder: every frame here was
// written by it, and the decoder must give back the original bytes exactly.
const dir = tempDir('zstd-decoder-test-');
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;

/** zstd's output for `data`, read from a file (so the frame declares its size) unless `stdin` is set. */
function zstd(data: Buffer, args: string[], stdin = false): Buffer {
  const file = join(dir, `in-${files++}`);
  if (!stdin) writeFileSync(file, data);
  const r = spawnSync('zstd', ['-q', '-c', ...args, ...(stdin ? [] : [file])], { input: stdin ? data : undefined, maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`could not run zstd: ${r.error.message} (is it installed? see scripts/install-test-deps.sh)`);
  assert.equal(r.status, 0, `zstd ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Reproducible pseudo-random bytes (xorshift32). */
function noise(length: number, seed = 0x9e3779b9): Buffer {
  let x = seed;
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const text = Buffer.from(Array.from({ length: 4000 }, (_, i) => `{"user":${i % 37},"page":"/p/${i % 11}","t":${1700000000 + i * 7}}`).join('\n'));
const chinese = Buffer.from('流处理作业从卡夫卡读取压缩的记录批次，每一批都必须逐字节还原。'.repeat(400) + '结束。');

/** Over 1 MB of text, noise, runs and JSON in turn: many blocks, four-stream Huffman literals, reused and fresh tables. */
function mixed(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; parts.reduce((n, p) => n + p.length, 0) < 1_300_000; i++) {
    parts.push(text.subarray(i * 997 % text.length), noise(20_000 + i * 1000, i + 1), Buffer.alloc(5000 + i * 13, i), chinese.subarray(0, 9000 + i * 3));
  }
  return Buffer.concat(parts);
}

/** Bytes 0-15, skewed and without repeats worth a match: Huffman literals whose weights zstd stores directly, not FSE-coded. */
function skewedNibbles(length: number): Buffer {
  return Buffer.from(noise(length, 99).map((b) => Math.min(15, Math.clz32(b | 1) - 24 + (b & 7))));
}

const samples: [string, Buffer][] = [
  ['200 bytes of four letters (one Huffman stream)', Buffer.from(noise(200, 5).map((b) => 'etao'.charCodeAt(b & 3)))],
  ['skewed nibbles', skewedNibbles(20_000)],
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from('a')],
  ['all the same byte', Buffer.alloc(300_000, 0x41)],
  ['incompressible', noise(200_000)],
  ['repetitive text', text],
  ['Chinese UTF-8', chinese],
  ['1 MB+ mixed', mixed()],
];

function assertSame(actual: Buffer, expected: Buffer, label: string): void {
  // deepEqual on megabyte buffers prints megabytes when it fails.
  assert.ok(actual.equals(expected), `${label}: decoded ${actual.length} bytes, expected ${expected.length}${actual.length === expected.length ? ', contents differ' : ''}`);
}

test('xxhash64 gives the reference values', () => {
  assert.equal(xxhash64(Buffer.alloc(0)), 0xef46db3751d8e999n);
  assert.equal(xxhash64(Buffer.from('a')), 0xd24ec4f1a98c6e5bn);
  assert.equal(xxhash64(Buffer.from('abc')), 0x44bc2cf5ad770999n);
});

test("xxhash64's low half matches the content checksum zstd writes, at every length through the 32-byte stripes", () => {
  for (const length of [...Array.from({ length: 70 }, (_, i) => i), 1000, text.length]) {
    const data = text.subarray(0, length);
    const frame = zstd(data, ['-1']);
    assert.equal(Number(xxhash64(data) & 0xffffffffn), frame.readUInt32LE(frame.length - 4), `length ${length}`);
  }
});

for (const level of ['-1', '-3', '-19']) {
  test(`decodes what zstd ${level} wrote, with and without checksum and content size`, () => {
    for (const [name, data] of samples) {
      assertSame(zstdDecompress(zstd(data, [level])), data, `${name}, checksum and size`);
      assertSame(zstdDecompress(zstd(data, [level, '--no-check'])), data, `${name}, no checksum`);
      assertSame(zstdDecompress(zstd(data, [level, '--no-content-size'])), data, `${name}, no content size`);
      assertSame(zstdDecompress(zstd(data, [level], true)), data, `${name}, streamed from stdin`);
    }
  });
}

test('decodes zstd --ultra -22 --long (a 128 MiB window, matches reaching far back)', () => {
  const data = mixed();
  const far = Buffer.concat([data, noise(100_000, 7), data.subarray(0, 400_000)]);
  assertSame(zstdDecompress(zstd(far, ['--ultra', '-22', '--long'])), far, 'ultra long');
});

test('decodes blocks of more than 32512 sequences, whose count takes the 3-byte form', () => {
  // 3-byte words drawn from 4096 random ones: zstd -19 codes nearly every word as its own 3-byte match.
  const words = noise(4096 * 3, 11);
  const picks = noise(200_000, 5);
  const data = Buffer.alloc(300_000);
  for (let i = 0; i < 100_000; i++) {
    const w = (picks[2 * i]! | (picks[2 * i + 1]! << 8)) % 4096;
    words.copy(data, i * 3, w * 3, w * 3 + 3);
  }
  assertSame(zstdDecompress(zstd(data, ['-19'])), data, 'many sequences');
});

test('decodes concatenated frames, skipping skippable frames between them', () => {
  const a = zstd(text, ['-3']);
  const b = zstd(chinese, ['-19', '--no-check'], true);
  const skippable = Buffer.concat([Buffer.from([0x5a, 0x2a, 0x4d, 0x18]), Buffer.from([5, 0, 0, 0]), Buffer.from('hello')]);
  assertSame(zstdDecompress(Buffer.concat([a, b])), Buffer.concat([text, chinese]), 'two frames');
  assertSame(zstdDecompress(Buffer.concat([skippable, a, skippable, b, skippable])), Buffer.concat([text, chinese]), 'with skippable frames');
  assertSame(zstdDecompress(Buffer.alloc(0)), Buffer.alloc(0), 'no frames at all');
});

test('a frame that needs a dictionary is an UnsupportedCompressionError; a dictionary id of 0 means none', () => {
  // Magic, then single segment + 1-byte dictionary id, the id, content size 0, and one empty last raw block.
  const frame = (dictId: number) => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x21, dictId, 0, 1, 0, 0]);
  assert.throws(() => zstdDecompress(frame(7)), (err: unknown) => err instanceof UnsupportedCompressionError && /dictionary 7/.test(err.message));
  assertSame(zstdDecompress(frame(0)), Buffer.alloc(0), 'dictionary id 0');
});

test('reads an 8-byte content size field, which only frames of 4 GiB and more need', () => {
  // Magic, then an 8-byte content size with a window descriptor, the size 5, and one last raw block holding "hello".
  const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xc0, 0x00, 5, 0, 0, 0, 0, 0, 0, 0, 0x29, 0, 0, ...Buffer.from('hello')]);
  assertSame(zstdDecompress(frame), Buffer.from('hello'), '8-byte size');
});

function assertTyped(run: () => unknown, label: string): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof CorruptCompressedDataError, `${label}: ${String(err)}`);
    return true;
  });
}

test('truncated frames are CorruptCompressedDataError at every cut', () => {
  for (const [name, data] of samples.slice(0, 8)) {
    for (const args of [['-3'], ['-19', '--no-check'], ['-1', '--no-content-size']]) {
      const frame = zstd(data, args);
      const cuts = new Set([1, 4, 5, 6, 8, 12, 20, frame.length >> 2, frame.length >> 1, frame.length - 5, frame.length - 4, frame.length - 1]);
      for (const cut of cuts) if (cut > 0 && cut < frame.length) assertTyped(() => zstdDecompress(frame.subarray(0, cut)), `${name} ${args.join(' ')} cut at ${cut}`);
    }
  }
});

test('damaged frames give back the original or a typed error, never another error or a hang', () => {
  let x = 12345;
  const rand = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  for (const [name, data] of [samples[0]!, samples[1]!, samples[6]!, samples[7]!, ['small text', text.subarray(0, 3000)] as [string, Buffer]]) {
    for (const args of [['-3'], ['-19', '--no-check'], ['-1', '--no-check', '--no-content-size']]) {
      const frame = zstd(data, args);
      const checked = !args.includes('--no-check');
      for (let i = 0; i < 400; i++) {
        const bad = Buffer.from(frame);
        const flips = 1 + rand(3);
        for (let f = 0; f < flips; f++) bad[rand(bad.length)]! ^= 1 << rand(8);
        const label = `${name} ${args.join(' ')} mutation ${i}`;
        let out: Buffer;
        try {
          out = zstdDecompress(bad);
        } catch (err) {
          assert.ok(err instanceof CorruptCompressedDataError || err instanceof UnsupportedCompressionError, `${label}: ${String(err)}`);
          continue;
        }
        // Only a checksum can tell damage that still decodes from the real thing.
        if (checked) assertSame(out, data, label);
      }
    }
  }
});

test('output past the cap, or past the declared content size, is a CorruptCompressedDataError', () => {
  const big = Buffer.alloc(1_000_000, 'x');
  const unsized = zstd(big, ['-3'], true);
  assert.throws(() => zstdDecompress(unsized, 500_000), (err: unknown) => err instanceof CorruptCompressedDataError && /500000-byte output cap/.test(err.message));
  const sized = zstd(big, ['-3']);
  assert.throws(() => zstdDecompress(sized, 500_000), (err: unknown) => err instanceof CorruptCompressedDataError && /declares 1000000 bytes/.test(err.message));
  // The same frame, its 4-byte content size field lowered by one.
  const fhd = sized[4]!;
  assert.equal(fhd >>> 6, 2, 'zstd wrote a 4-byte content size');
  const lowered = Buffer.from(sized);
  const sizeAt = 5 + (fhd & 0x20 ? 0 : 1);
  lowered.writeUInt32LE(999_999, sizeAt);
  assert.throws(() => zstdDecompress(lowered), (err: unknown) => err instanceof CorruptCompressedDataError && /declared 999999 bytes/.test(err.message));
});

test('the zstd codec decompresses through the pure-TS decoder where zlib has no zstd, and says so when asked to compress', (t) => {
  if (zstdAvailable) return t.skip(`Node ${process.versions.node} has zstd in zlib, which serves both directions`);
  assertSame(decompress(CompressionType.Zstd, zstd(text, ['-3'])), text, 'through the codec table');
  assert.throws(
    () => compress(CompressionType.Zstd, text),
    (err: unknown) => err instanceof UnsupportedCompressionError && /Node >= 22\.15/.test(err.message) && /[Dd]ecompression works/.test(err.message),
  );
});

test('kcat -z zstd: 200 keyed messages come back byte-exact through decodeRecordBatches', async () => {
  const broker = await inProcessBroker();
  try {
    const lines = Array.from({ length: 200 }, (_, i) => `key-${i % 7}:值 ${i} ${'x'.repeat(i % 50)} ${noise(8, i + 1).toString('hex')}`);
    const r = await run('kcat', ['-b', broker.bootstrap, '-X', 'api.version.request=true', '-X', 'linger.ms=100', '-P', '-t', 'zstd-in', '-K', ':', '-z', 'zstd'], { input: lines.join('\n') + '\n' });
    assert.equal(r.code, 0, `kcat failed:\n${r.stderr}`);

    const c = await RawClient.connect(broker.port);
    try {
      const res = await c.request(Fetch, 12, fetchRequest('zstd-in', 0, 0));
      const batches = decodeRecordBatches(res.responses[0].partitions[0].records ?? NO_RECORDS);
      // librdkafka sends a batch uncompressed when zstd would not shrink it, so only most need be zstd.
      const zstdBatches = batches.filter((b) => b.compression === CompressionType.Zstd);
      assert.ok(zstdBatches.length > 0, `kcat wrote zstd batches (compression types: ${batches.map((b) => b.compression).join(',')})`);
    } finally {
      c.close();
    }

    const { records } = await fetchAll(broker.port, 'zstd-in');
    assert.equal(records.length, 200);
    records.forEach((rec, i) => {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      assert.deepEqual(rec.key, Buffer.from(line.slice(0, colon)), `key ${i}`);
      assert.deepEqual(rec.value, Buffer.from(line.slice(colon + 1)), `value ${i}`);
    });
  } finally {
    await broker.stop();
  }
});
