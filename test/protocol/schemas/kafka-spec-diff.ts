import { inRange, parseVersions, type FieldSpec, type MessageSpec } from '../../../src/protocol/schema.js';
import type { KafkaField, KafkaMessage } from '../../helpers/kafka-specs.js';

/**
 * Compares one of our message schemas with Kafka's JSON for the same message, over a given set
 * of versions (those we serve that this Kafka release describes), and says each difference in
 * one line. A line names the release, the message and the field path (our names), so that the
 * deliberate ones can be listed word for word in kafka-differences.ts.
 *
 * Name rule: Kafka spells fields in PascalCase, we in camelCase; a Kafka name matches ours
 * when its first letter, lower-cased, gives our name exactly (`GroupId` → `groupId`).
 *
 * Against an older release (`byName` false) Kafka's later renames do not count: the fields a
 * struct has in the compared versions are paired in their order, and a struct's type name is
 * not compared, only whether it is an array; what is left is what reaches the wire.
 *
 * Version rule: ranges are compared as the sets of versions they cover within the compared
 * versions, so `0+` and `0-12` are the same where only 0 to 12 are served; a field neither side
 * has in those versions is not compared at all.
 */
export function camelName(kafkaName: string): string {
  return kafkaName.charAt(0).toLowerCase() + kafkaName.slice(1);
}

/** The versions of `scope` that a range covers. */
function covered(text: string | undefined, scope: readonly number[]): number[] {
  const range = parseVersions(text);
  return scope.filter((v) => inRange(range, v));
}

/** A set of versions written back as ranges: `4-12`, `9`, `1-3, 7`, `none`. */
export function showVersions(versions: readonly number[]): string {
  if (versions.length === 0) return 'none';
  const runs: string[] = [];
  let start = versions[0];
  for (let i = 1; i <= versions.length; i++) {
    if (versions[i] === versions[i - 1] + 1) continue;
    const end = versions[i - 1];
    runs.push(start === end ? `${start}` : `${start}-${end}`);
    start = versions[i];
  }
  return runs.join(', ');
}

class Comparison {
  readonly differences: string[] = [];
  constructor(
    private readonly label: string,
    private readonly scope: readonly number[],
    private readonly kafka: KafkaMessage,
    private readonly byName: boolean,
  ) {}

  say(path: string, what: string): void {
    this.differences.push(`${this.label}${path ? ` ${path}` : ''}: ${what}`);
  }

  /** Ours and Kafka's version ranges, compared as sets over the scope. */
  ranges(path: string, what: string, ours: string | undefined, theirs: string | undefined): void {
    const a = showVersions(covered(ours, this.scope));
    const b = showVersions(covered(theirs, this.scope));
    if (a !== b) this.say(path, `${what} ours ${a}, Kafka's ${b}`);
  }

  /** A field's type as compared: by older releases, a struct only as `Struct` or `[]Struct`. */
  private typeOf(type: string): string {
    if (this.byName) return type;
    const element = type.replace(/^\[\]/, '');
    return /^[A-Z]/.test(element) ? type.replace(element, 'Struct') : type;
  }

  /** The fields of a struct Kafka names by type only, from the message's commonStructs. */
  private kafkaFields(field: KafkaField): readonly KafkaField[] | undefined {
    if (field.fields) return field.fields;
    const struct = field.type.replace(/^\[\]/, '');
    return this.kafka.commonStructs?.find((s) => s.name === struct)?.fields;
  }

  fields(path: string, ours: readonly FieldSpec[], theirs: readonly KafkaField[]): void {
    if (this.byName) this.fieldsByName(path, ours, theirs);
    else this.fieldsInOrder(path, ours, theirs);
  }

  private live(versions: string): boolean {
    return covered(versions, this.scope).length > 0;
  }

  private fieldsInOrder(path: string, ours: readonly FieldSpec[], theirs: readonly KafkaField[]): void {
    const a = ours.filter((f) => this.live(f.versions));
    const b = theirs.filter((f) => this.live(f.versions));
    if (a.length !== b.length) {
      this.say(path, `fields ours ${a.map((f) => f.name).join(', ')}; Kafka's ${b.map((f) => f.name).join(', ')}`);
      return;
    }
    a.forEach((o, i) => this.field(path ? `${path}.${o.name}` : o.name, o, b[i]));
  }

  private fieldsByName(path: string, ours: readonly FieldSpec[], theirs: readonly KafkaField[]): void {
    const live = (versions: string): boolean => this.live(versions);
    const matched: string[] = [];
    for (const k of theirs) {
      const name = camelName(k.name);
      const o = ours.find((f) => f.name === name);
      const at = path ? `${path}.${name}` : name;
      if (o) {
        matched.push(name);
        this.field(at, o, k);
      } else if (live(k.versions)) {
        this.say(at, `missing (Kafka's versions ${showVersions(covered(k.versions, this.scope))})`);
      }
    }
    for (const o of ours) {
      if (!matched.includes(o.name) && live(o.versions)) this.say(path ? `${path}.${o.name}` : o.name, 'not in Kafka\'s spec');
    }
    // Untagged fields go on the wire in declaration order, so the order is part of the format.
    const ourOrder = ours.map((f) => f.name).filter((n) => matched.includes(n));
    if (ourOrder.join() !== matched.join()) this.say(path, `field order ours ${ourOrder.join(', ')}; Kafka's ${matched.join(', ')}`);
  }

  private field(path: string, o: FieldSpec, k: KafkaField): void {
    if (covered(o.versions, this.scope).length === 0 && covered(k.versions, this.scope).length === 0) return;
    if (this.typeOf(o.type) !== this.typeOf(k.type)) this.say(path, `type ours ${o.type}, Kafka's ${k.type}`);
    this.ranges(path, 'versions', o.versions, k.versions);
    this.ranges(path, 'nullableVersions', o.nullableVersions, k.nullableVersions);
    this.ranges(path, 'taggedVersions', o.taggedVersions, k.taggedVersions);
    if (covered(o.taggedVersions ?? k.taggedVersions, this.scope).length > 0 && o.tag !== k.tag) {
      this.say(path, `tag ours ${String(o.tag)}, Kafka's ${String(k.tag)}`);
    }
    const theirs = this.kafkaFields(k);
    if (o.fields || theirs) this.fields(path, o.fields ?? [], theirs ?? []);
  }
}

/** Every difference between `ours` and Kafka's `kafka` over the versions of `scope`. */
export function compareMessage(
  release: string,
  ours: MessageSpec,
  kafka: KafkaMessage,
  scope: readonly number[],
  byName: boolean,
): string[] {
  const c = new Comparison(`[${release}] ${ours.name}`, scope, kafka, byName);
  c.ranges('', 'flexibleVersions', ours.flexibleVersions, kafka.flexibleVersions);
  c.fields('', ours.fields, kafka.fields);
  return c.differences;
}
