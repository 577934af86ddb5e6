/**
 * `npm run bench -- <name> [args]` runs bench/<name>.js. Each benchmark prints
 * its figures, and a ratio against a baseline it measures on the same machine
 * in the same run, so numbers from different machines are never compared raw.
 */
const available = ['broker', 'broker-groups', 'legacy', 'down-convert', 'produce', 'store', 'stream', 'agent', 'dashboard', 'fuzz'];
const [name, ...args] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}

const mod = (await import(`./${name}.js`)) as { main(args: string[]): Promise<void> };
await mod.main(args);
