import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The pages, scripts and styles. tsc copies no .html/.js/.css, so they stay in the source
 * tree, which the package ships: from dist/src/dashboard/ that is ../../../src/dashboard/web.
 */
export const WEB_ROOT = fileURLToPath(new URL('../../../src/dashboard/web/', import.meta.url));

/** ECharts' self-contained ES module build, from the installed package. */
export function echartsModulePath(): string {
  // 'echarts' resolves to dist/echarts.js for require(); its ES build sits beside it.
  return join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.esm.min.js');
}
