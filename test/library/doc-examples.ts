import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/child-process.js';

export interface DocExample {
  /** The section it stands in, e.g. "`streamdash/broker`". */
  readonly section: string;
  readonly code: string;
}

/** The runnable examples of docs/library.md: every ```js block, with the heading above it. */
export function libraryDocExamples(): DocExample[] {
  const text = readFileSync(join(REPO_ROOT, 'docs/library.md'), 'utf8');
  const examples: DocExample[] = [];
  let section = '';
  let code: string[] | undefined;
  for (const line of text.split('\n')) {
    if (code !== undefined) {
      if (line === '```') {
        examples.push({ section, code: code.join('\n') + '\n' });
        code = undefined;
      } else code.push(line);
    } else if (line.startsWith('## ')) section = line.slice(3);
    else if (line === '```js') code = [];
  }
  return examples;
}

/** Each public entry point has exactly one runnable example. */
export const ENTRY_POINTS = ['streamdash', 'streamdash/broker', 'streamdash/stream', 'streamdash/agent', 'streamdash/store', 'streamdash/dashboard', 'streamdash/client'];
