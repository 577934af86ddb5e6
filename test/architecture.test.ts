import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers/child-process.js';

/**
 * The import rules of docs/architecture.md, read from the sources themselves: every
 * `import … from '…'`, `export … from '…'` and `import('…')` of every file under src/.
 */
const SRC = join(REPO_ROOT, 'src');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm;

interface SourceFile {
  /** Relative to src/, e.g. `stream/runtime/output.ts`. */
  readonly path: string;
  readonly specifiers: readonly string[];
  /** The files of src/ this one imports, relative to src/. */
  readonly local: readonly string[];
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return sourceFiles(p);
      return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [p] : [];
    });
}

function read(file: string): SourceFile {
  // Comments may quote an import as an example; they are not imports.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specifiers = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const local = specifiers.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
  return { path: relative(SRC, file), specifiers, local };
}

const files = sourceFiles().map(read);
const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

test('the import reader sees the imports of a file it knows', () => {
  const output = files.find((f) => f.path === 'stream/runtime/output.ts');
  assert.ok(output, 'src/stream/runtime/output.ts is read');
  assert.ok(output.local.includes('client/index.ts'), output.local.join(', '));
  assert.ok(files.length > 200, `${files.length} source files read`);
});

test('only src/client imports @platformatic/kafka: it is the one door to Kafka', () => {
  const offenders = files.filter((f) => !under('client')(f.path) && f.specifiers.some((s) => s === '@platformatic/kafka' || s.startsWith('@platformatic/kafka/')));
  assert.deepEqual(
    offenders.map((f) => f.path),
    [],
    'reach Kafka through src/client (add what is missing there) instead of importing @platformatic/kafka',
  );
});

test('stream, agent, dashboard and apps never import the broker', () => {
  const offenders = files.flatMap((f) =>
    ['stream', 'agent', 'dashboard', 'apps'].some((folder) => under(folder)(f.path)) ? f.local.filter(under('broker')).map((to) => `${f.path} → ${to}`) : [],
  );
  assert.deepEqual(offenders, [], 'these parts talk to any Kafka broker over the wire, through src/client; only src/cli may start the embedded one');
});

test('src/protocol imports nothing of ours', () => {
  const offenders = files.flatMap((f) => (under('protocol')(f.path) ? f.local.filter((to) => !under('protocol')(to)).map((to) => `${f.path} → ${to}`) : []));
  assert.deepEqual(offenders, [], 'the wire format stands alone: move what it needs into src/protocol');
});

test('no circular imports in src (type-only imports count: a circle of types is still a knot to untie)', () => {
  const circles = stronglyConnected(new Map(files.map((f) => [f.path, f.local])));
  assert.deepEqual(circles, [], 'break each circle: move what both sides need into a third module, or pass it in');
});

/** Tarjan's algorithm: the groups of files that import each other, directly or not (groups of one without a self-import are left out). */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) out.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
