import { AgentConfigError } from '../errors.js';

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces every `${env:NAME}` in a value; anything else that looks like `${…}` stays as written, as in Flume. */
export function substituteEnv(key: string, value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(ENV_REF, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) throw new AgentConfigError(key, `\${env:${name}} is used but ${name} is not set in the environment; export it or write the value in the file`);
    return v;
  });
}

/** Keys are never substituted: a component's identity must be readable in the file itself. */
export function assertNoSubstitutionInKey(key: string, line: number): void {
  if (key.includes('${')) throw new AgentConfigError(key, `(line ${line}) keys may not use \${…} substitution; only values may, as \${env:NAME}`);
}
