import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PageConfigError, parsePageConfig, type PageConfig } from './page-config.js';

/** A page config file that cannot be read or is not JSON. */
export class PageConfigFileError extends Error {
  constructor(file: string, problem: string, cause: unknown) {
    super(`page config ${file}: ${problem}`, { cause });
    this.name = 'PageConfigFileError';
  }
}

/** Reads and checks the files given to `--page`; two pages may not share a name, as each owns /p/<name>. */
export async function loadPageConfigs(files: readonly string[]): Promise<PageConfig[]> {
  const pages: PageConfig[] = [];
  const fileOf = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new PageConfigFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path given to --page`, error);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new PageConfigFileError(file, `is not JSON (${(error as Error).message}): fix the file`, error);
    }
    const page = parsePageConfig(raw, file, basename(file, extname(file)));
    const other = fileOf.get(page.name);
    if (other !== undefined) throw new PageConfigError(file, 'name', `is ${JSON.stringify(page.name)}, as in ${other}; each page needs its own name, as it is served at /p/<name>`);
    fileOf.set(page.name, file);
    pages.push(page);
  }
  return pages;
}
