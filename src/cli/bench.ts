import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

const BENCH_MAIN = fileURLToPath(new URL('../../bench/main.js', import.meta.url));

/** `streamdash bench NAME`: the benchmarks in bench/, as `npm run bench -- NAME` runs them. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('run a benchmark: broker, broker-groups, produce, store, stream, agent or dashboard')
    .argument('<name>', 'which benchmark')
    .argument('[options...]', 'passed on to the benchmark, e.g. --records 100000')
    .allowUnknownOption()
    .action((name: string, options: string[]) => {
      if (!existsSync(BENCH_MAIN)) {
        process.stderr.write('error: the benchmarks come with the source checkout, not the installed package; clone streamdash and run `npm run bench -- <name>`\n');
        process.exitCode = 2;
        return;
      }
      const child = spawn(process.execPath, [BENCH_MAIN, name, ...options], { stdio: 'inherit' });
      child.on('exit', (code) => (process.exitCode = code ?? 1));
    });
}
