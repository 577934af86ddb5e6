import { Option, type Command } from 'commander';

/**
 * Kafka's own tools name the broker `--bootstrap-server` (kafka-topics, the console consumer)
 * or `--broker-list` (the 0.8-2.x console producer); the labs' command lines use both. Every
 * streamdash command that takes `--bootstrap` takes them too, so a seed's line works with
 * `bin/kafka-….sh` replaced by `streamdash …` and nothing else changed.
 */
const ALIASES = ['bootstrap-server', 'broker-list'] as const;

const camel = (flag: string) => flag.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/** Adds the aliases to every command below `program` that has a `--bootstrap` option. */
export function addKafkaToolAliases(program: Command): void {
  for (const cmd of program.commands) {
    if (cmd.options.some((o) => o.long === '--bootstrap')) {
      for (const alias of ALIASES) cmd.addOption(new Option(`--${alias} <host:port>`, 'the same as --bootstrap').hideHelp());
      cmd.addHelpText('after', "\n--bootstrap-server and --broker-list are taken for --bootstrap, as Kafka's tools name it.");
    }
    addKafkaToolAliases(cmd);
  }
  if (program.parent === null) {
    program.hook('preAction', (_, action) => {
      // A sub-command such as `produce taobao` reads its parent's --bootstrap, so resolve up the chain.
      for (let cmd: Command | null = action; cmd !== null; cmd = cmd.parent) resolveAliases(cmd);
    });
  }
}

/** Moves an alias's value to `bootstrap`; two different brokers named at once are refused. */
function resolveAliases(cmd: Command): void {
  const given = ALIASES.map((alias) => ({ alias, value: cmd.getOptionValue(camel(alias)) as string | undefined })).filter((g) => g.value !== undefined);
  if (given.length === 0) return;
  const explicit = cmd.getOptionValueSource('bootstrap') === 'cli' ? [{ alias: 'bootstrap', value: cmd.getOptionValue('bootstrap') as string }] : [];
  const all = [...explicit, ...given];
  const values = new Set(all.map((g) => g.value));
  if (values.size > 1) cmd.error(`error: ${all.map((g) => `--${g.alias} ${g.value}`).join(' and ')} name different brokers; give one of them`);
  cmd.setOptionValueWithSource('bootstrap', given[0]!.value, 'cli');
}
