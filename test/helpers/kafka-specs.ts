import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PEERS_DIR, requirePeer } from './peers.js';

/**
 * Kafka's own message specs (clients/src/main/resources/common/message/*.json), read from
 * the kafka-clients jars of the peer cache's Maven repository (.peers/m2).
 */

/** One field of Kafka's JSON, as far as the wire format goes. */
export interface KafkaField {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  readonly fields?: readonly KafkaField[];
}

export interface KafkaStruct {
  readonly name: string;
  readonly versions: string;
  readonly fields: readonly KafkaField[];
}

export interface KafkaMessage {
  readonly apiKey: number;
  readonly type: 'request' | 'response';
  readonly name: string;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly KafkaField[];
  /** Structs several fields share, named by their `type` instead of carrying `fields`. */
  readonly commonStructs?: readonly KafkaStruct[];
}

/** The kafka-clients jar of one Kafka release, or a test failure naming the peer. */
export function kafkaClientsJar(version: string): string {
  const jar = join(PEERS_DIR, 'm2', 'org', 'apache', 'kafka', 'kafka-clients', version, `kafka-clients-${version}.jar`);
  return requirePeer(`kafka-clients ${version} in the Maven repository (scripts/peers/java.sh, scripts/peers/java-eras.sh)`, jar);
}

/** The raw text of `common/message/<name>.json`, comments included; undefined when the jar lacks it. */
export function kafkaSpecText(jar: string, name: string): string | undefined {
  const out = spawnSync('unzip', ['-p', jar, `common/message/${name}.json`], { encoding: 'utf8' });
  if (out.error) throw new Error(`cannot run unzip to read ${name}.json from ${jar} (${out.error.message}); install Debian's unzip`);
  // unzip exits 11 when the member is not in the archive.
  if (out.status === 11) return undefined;
  if (out.status !== 0) throw new Error(`unzip -p ${jar} common/message/${name}.json exited ${out.status}: ${out.stderr}`);
  return out.stdout;
}

/** Kafka's JSON with its `//` line comments, which JSON.parse refuses, taken out (strings are left alone). */
export function stripLineComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      if (c === '"') inString = true;
      out += c;
    }
  }
  return out;
}

/** The parsed spec of one message (e.g. `FetchRequest`), or undefined when the jar has none. */
export function kafkaMessage(jar: string, name: string): KafkaMessage | undefined {
  const text = kafkaSpecText(jar, name);
  return text === undefined ? undefined : (JSON.parse(stripLineComments(text)) as KafkaMessage);
}
