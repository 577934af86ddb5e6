import { AgentConfigError } from '../errors.js';
import { Context } from './context.js';
import { assertNoSubstitutionInKey, substituteEnv } from './env.js';
import { parseProperties } from './properties.js';

export type SectionKind = 'sources' | 'channels' | 'sinks' | 'sinkgroups';

/** One named component's keys, relative to `<agent>.<kind>.<name>.` */
export interface Section {
  kind: SectionKind;
  name: string;
  context: Context;
}

/** The named agent's part of a properties file, split into components and checked for wiring mistakes. */
export interface AgentConfig {
  agent: string;
  sources: Section[];
  channels: Section[];
  sinks: Section[];
  sinkgroups: Section[];
  /** Things Flume would also ignore, worth a warning: keys of unlisted components, repeated keys. */
  warnings: string[];
}

const KINDS: readonly SectionKind[] = ['sources', 'channels', 'sinks', 'sinkgroups'];

/**
 * Reads the agent `agent` out of a Flume properties file that may define
 * several. Values get `${env:NAME}` substitution and surrounding whitespace
 * trimmed; keys get neither. Throws AgentConfigError naming the key at fault.
 */
export function readAgentConfig(text: string, agent: string, env: NodeJS.ProcessEnv = process.env, file = 'the configuration file'): AgentConfig {
  const warnings: string[] = [];
  const own = new Map<string, string>();
  const agentsInFile = new Set<string>();
  for (const { key, value, line } of parseProperties(text)) {
    assertNoSubstitutionInKey(key, line);
    const listMatch = /^([^.]+)\.(sources|channels|sinks)$/.exec(key);
    if (listMatch) agentsInFile.add(listMatch[1]!);
    if (!key.startsWith(agent + '.')) continue;
    const rel = key.slice(agent.length + 1);
    if (own.has(rel)) warnings.push(`${key} (line ${line}) repeats an earlier key; the last value wins, as in Flume`);
    own.set(rel, substituteEnv(key, value, env).trim());
  }
  if (own.size === 0) {
    const known = agentsInFile.size ? `it defines ${[...agentsInFile].join(', ')}` : 'it defines no agent';
    throw new AgentConfigError('--name', `no agent "${agent}" in ${file} (no key starts with "${agent}."); ${known}`);
  }

  const root = new Context(agent + '.', own);
  const lists = new Map<SectionKind, string[]>();
  for (const kind of KINDS) {
    const names = root.list(kind);
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new AgentConfigError(root.key(kind), `"${n}" is listed twice`);
      if (n.includes('.')) throw new AgentConfigError(root.key(kind), `"${n}" contains a dot; component names may not`);
      seen.add(n);
    }
    lists.set(kind, names);
  }
  if (lists.get('channels')!.length === 0) throw new AgentConfigError(root.key('channels'), 'missing; an agent needs at least one channel');

  const sections: Record<SectionKind, Section[]> = { sources: [], channels: [], sinks: [], sinkgroups: [] };
  for (const kind of KINDS) {
    for (const name of lists.get(kind)!) sections[kind].push({ kind, name, context: root.sub(`${kind}.${name}.`) });
  }
  for (const rel of own.keys()) {
    const m = /^(sources|channels|sinks|sinkgroups)\.([^.]+)\./.exec(rel);
    if (m && !lists.get(m[1] as SectionKind)!.includes(m[2]!)) {
      warnings.push(`${agent}.${rel} is ignored: ${m[2]} is not listed in ${agent}.${m[1]}`);
    } else if (!m && !(KINDS as readonly string[]).includes(rel)) {
      warnings.push(`${agent}.${rel} is ignored: not a key this agent reads`);
    }
  }
  checkWiring(agent, sections);
  return { agent, ...sections, warnings };
}

/** Flume's topology rules; type-specific properties are checked by each component. */
function checkWiring(agent: string, s: Record<SectionKind, Section[]>): void {
  const channelNames = new Set(s.channels.map((c) => c.name));
  const used = new Set<string>();
  for (const src of s.sources) {
    const chans = src.context.list('channels');
    if (chans.length === 0) throw new AgentConfigError(src.context.key('channels'), `missing; source ${src.name} must name one or more channels from ${agent}.channels`);
    for (const c of chans) {
      if (!channelNames.has(c)) throw new AgentConfigError(src.context.key('channels'), `"${c}" is not listed in ${agent}.channels`);
      used.add(c);
    }
  }
  for (const sink of s.sinks) {
    const chans = sink.context.list('channel');
    if (chans.length === 0) throw new AgentConfigError(sink.context.key('channel'), `missing; sink ${sink.name} must name exactly one channel from ${agent}.channels`);
    if (chans.length > 1) throw new AgentConfigError(sink.context.key('channel'), `"${chans.join(' ')}" names ${chans.length} channels; a sink takes from exactly one`);
    if (!channelNames.has(chans[0]!)) throw new AgentConfigError(sink.context.key('channel'), `"${chans[0]}" is not listed in ${agent}.channels`);
    used.add(chans[0]!);
  }
  for (const c of s.channels) {
    if (!used.has(c.name)) {
      throw new AgentConfigError(`${agent}.channels.${c.name}`, `no source or sink uses channel ${c.name}; connect it (sources.<s>.channels / sinks.<k>.channel) or remove it from ${agent}.channels`);
    }
  }
  const sinkNames = new Set(s.sinks.map((k) => k.name));
  const grouped = new Map<string, string>();
  for (const g of s.sinkgroups) {
    const members = g.context.list('sinks');
    if (members.length === 0) throw new AgentConfigError(g.context.key('sinks'), `missing; sink group ${g.name} must list one or more sinks`);
    for (const m of members) {
      if (!sinkNames.has(m)) throw new AgentConfigError(g.context.key('sinks'), `"${m}" is not listed in ${agent}.sinks`);
      const other = grouped.get(m);
      if (other) throw new AgentConfigError(g.context.key('sinks'), `sink ${m} is already in sink group ${other}; a sink belongs to at most one group`);
      grouped.set(m, g.name);
    }
  }
}
