/** What `streamdash new job NAME` writes: a project with one windowed count, its test, and scripts to run both. */

export interface ScaffoldOptions {
  /** The project's and the job's name. */
  readonly name: string;
  /** The streamdash dependency: a version range (`^0.1.0`) or any npm spec (`file:…/streamdash-0.1.0.tgz`). */
  readonly streamdash: string;
}

/** Versions the scaffold's build tools start from; the project owns them from then on. */
const TYPESCRIPT = '~5.9.0';
const NODE_TYPES = '^20.19.0';

export function scaffoldFiles(o: ScaffoldOptions): Record<string, string> {
  return {
    'package.json': json({
      name: o.name,
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: {
        build: 'tsc',
        test: 'tsc && node --test dist/test/',
        start: 'streamdash run ./src/job.ts',
        broker: 'streamdash broker',
      },
      dependencies: { streamdash: o.streamdash },
      devDependencies: { typescript: TYPESCRIPT, '@types/node': NODE_TYPES },
      engines: { node: '>=20' },
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        sourceMap: true,
        outDir: 'dist',
        rootDir: '.',
        types: ['node'],
      },
      include: ['src', 'test'],
    }),
    '.gitignore': 'node_modules/\ndist/\nstreamdash-data/\n',
    'src/job.ts': jobSource(o.name),
    'test/job.test.ts': TEST_SOURCE,
    'README.md': readme(o.name),
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function jobSource(name: string): string {
  return `import { StreamBuilder, tumbling, type StreamJob, type Topology } from 'streamdash/stream';

/** The topics the job reads and writes; change them to yours. */
export const INPUT = 'clicks';
export const OUTPUT = 'clicks-per-page';

/**
 * Counts the records of each value (a page's name, say) in 5-second windows, and writes one
 * record per value and window when the window closes: key \`{ key, start, end }\`, value the count.
 */
export function clicksPerPage(input = INPUT, output = OUTPUT): Topology {
  const b = new StreamBuilder();
  b.stream(input)
    .keyBy((page) => page)
    .window(tumbling('5s'))
    .count()
    .toStream()
    .to(output);
  return b.build();
}

/** What \`streamdash run ./src/job.ts\` runs: the name is the consumer group and the prefix of its internal topics. */
const job: StreamJob = { name: ${JSON.stringify(name)}, topology: clicksPerPage() };
export default job;
`;
}

const TEST_SOURCE = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestDriver } from 'streamdash/stream';
import { clicksPerPage, INPUT, OUTPUT } from '../src/job.js';

test('counts each page per 5-second window, once the window closes', () => {
  const driver = new TestDriver(clicksPerPage());
  driver.pipe(INPUT, ['home', 'cart', 'home'].map((value) => ({ value })));
  assert.deepEqual(driver.output(OUTPUT), [], 'nothing before the window closes');
  driver.advanceProcessingTime(5000);
  assert.deepEqual(
    driver.output(OUTPUT).map((r) => [r.key, r.value]),
    [
      [{ key: 'home', start: 0, end: 5000 }, 2],
      [{ key: 'cart', start: 0, end: 5000 }, 1],
    ],
  );
});
`;

function readme(name: string): string {
  return `# ${name}

A stream job on [streamdash](https://www.npmjs.com/package/streamdash): \`src/job.ts\` counts
clicks per page in 5-second windows; \`test/job.test.ts\` checks it with streamdash's TestDriver.

\`\`\`sh
npm install
npm test                      # tsc, then node --test
npm run broker                # terminal 1: streamdash's embedded broker on 127.0.0.1:9092
npm start                     # terminal 2: the job (streamdash run ./src/job.ts)
npx streamdash produce --topic clicks             # terminal 3: type page names, one a line
npx streamdash consume --topic clicks-per-page --print-key
\`\`\`

\`npm start -- --bootstrap host:port\` runs it against any Kafka cluster; start it again
elsewhere to share the work. \`npx streamdash run --help\` lists the options.
`;
}
