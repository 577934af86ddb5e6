import { AgentConfigError } from '../errors.js';

/** A batch size, with the key that sets it when the user can; the start-up check names it. */
export interface BatchSize {
  size: number;
  key?: string;
  isDefault?: boolean;
}

/**
 * The properties of one component (or one sub-part, like a selector), read
 * with Flume's defaults. Every getter reports mistakes against the full key,
 * e.g. `a1.channels.c1.capacity`, and every key read is remembered so the
 * ones nobody read can be reported as unknown.
 */
export class Context {
  private readonly used = new Set<string>();

  constructor(
    /** Full key prefix, ending in a dot: `a1.sources.r1.` */
    readonly prefix: string,
    private readonly props: ReadonlyMap<string, string>,
    private readonly parent?: { context: Context; sub: string },
  ) {}

  key(name: string): string {
    return this.prefix + name;
  }

  has(name: string): boolean {
    return this.props.has(name);
  }

  markUsed(name: string): void {
    this.used.add(name);
    this.parent?.context.markUsed(this.parent.sub + name);
  }

  raw(name: string): string | undefined {
    this.markUsed(name);
    return this.props.get(name);
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    const v = this.raw(name);
    return v === undefined || v === '' ? undefined : v;
  }

  requiredString(name: string, what: string): string {
    const v = this.raw(name);
    if (v === undefined || v === '') throw new AgentConfigError(this.key(name), `missing; ${what} requires it`);
    return v;
  }

  int(name: string, fallback: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw(name);
    return v === undefined ? fallback : this.parseInt(name, v, min, max);
  }

  requiredInt(name: string, what: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    return this.parseInt(name, this.requiredString(name, what), min, max);
  }

  private parseInt(name: string, v: string, min: number, max: number): number {
    if (!/^[+-]?\d+$/.test(v)) throw new AgentConfigError(this.key(name), `"${v}" is not a whole number`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
      throw new AgentConfigError(this.key(name), `${v} is out of range; use a whole number ${range}`);
    }
    return n;
  }

  batchSize(name: string, fallback: number): BatchSize {
    return { size: this.int(name, fallback, 1), key: this.key(name), isDefault: !this.props.has(name) };
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new AgentConfigError(this.key(name), `"${v}" is not true or false`);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const hit = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!hit) throw new AgentConfigError(this.key(name), `"${v}" is not one of ${allowed.join(', ')}`);
    return hit;
  }

  /** A whitespace-separated list, as Flume writes component lists. */
  list(name: string): string[] {
    const v = this.raw(name);
    return v === undefined ? [] : v.split(/\s+/).filter(Boolean);
  }

  regex(name: string, fallback: string): RegExp {
    const v = this.string(name, fallback);
    try {
      return new RegExp(v);
    } catch (err) {
      throw new AgentConfigError(this.key(name), `"${v}" is not a valid regular expression (${(err as Error).message})`);
    }
  }

  /** Every key under `sub.` (e.g. `selector.`), as a context of its own. */
  sub(sub: string): Context {
    const inner = new Map<string, string>();
    for (const [k, v] of this.props) if (k.startsWith(sub)) inner.set(k.slice(sub.length), v);
    return new Context(this.prefix + sub, inner, { context: this, sub });
  }

  /** Relative keys (within this context) that start with `start`. */
  keysStartingWith(start: string): string[] {
    return [...this.props.keys()].filter((k) => k.startsWith(start));
  }

  /** Keys present but never read: typos, or Flume properties this agent does not implement. */
  unusedKeys(): string[] {
    return [...this.props.keys()].filter((k) => !this.used.has(k)).map((k) => this.key(k));
  }
}
