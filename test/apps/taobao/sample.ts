import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in dist/test/apps/taobao/ (not the working directory). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The real 10,000-line Taobao sample shipped beside the repository. */
export const SAMPLE = resolve(REPO_ROOT, '../shared/data/taobao/user_log.csv');

/** For `test(..., { skip })`: false when the sample is there, else why the test cannot run. */
export const sampleMissing: string | false = existsSync(SAMPLE) ? false : `the Taobao sample is not at ${SAMPLE}; it ships beside the repository as ../shared/data/taobao/user_log.csv`;
