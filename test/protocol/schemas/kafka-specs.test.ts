// needs: peers/m2
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_SPECS } from '../../../src/protocol/apis.js';
import { inRange, parseVersions, type ApiSpec, type MessageSpec } from '../../../src/protocol/schema.js';
import { kafkaClientsJar, kafkaMessage } from '../../helpers/kafka-specs.js';
import { DELIBERATE } from './kafka-differences.js';
import { compareMessage, showVersions } from './kafka-spec-diff.js';

/**
 * Our schemas against Kafka's own JSON specs, for every API in the registry (so a schema added
 * later is checked as soon as it is registered). Kafka 4.4 is the reference; the versions it
 * dropped (KIP-896) that we still serve for older clients are checked against Kafka 2.4.1,
 * whose jar the Kafka 2.4 era of the peers brings, by wire shape only (its field names are
 * older than Kafka's later renames; see kafka-spec-diff.ts). Every difference found must be listed in
 * kafka-differences.ts with its reason, and every listed one must still be found.
 */
const RELEASES = ['4.4.0', '2.4.1'];
const NEWEST = RELEASES[0];

/** Messages an older release knew by another name (ListOffsets was ListOffset until Kafka 2.8). */
const OLDER_NAMES: Readonly<Record<string, string>> = {
  ListOffsetsRequest: 'ListOffsetRequest',
  ListOffsetsResponse: 'ListOffsetResponse',
};

function versionsOf(text: string): number[] {
  const { min, max } = parseVersions(text);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

function differences(api: ApiSpec, ours: MessageSpec): string[] {
  const found: string[] = [];
  let unchecked = versionsOf(ours.validVersions);
  for (const release of RELEASES) {
    const jar = kafkaClientsJar(release);
    const older = OLDER_NAMES[ours.name];
    const kafka = kafkaMessage(jar, ours.name) ?? (older === undefined ? undefined : kafkaMessage(jar, older));
    if (!kafka) {
      if (release === NEWEST) found.push(`[${release}] ${ours.name}: not in Kafka's specs`);
      continue;
    }
    if (release === NEWEST) {
      if (kafka.apiKey !== api.apiKey) found.push(`[${release}] ${ours.name}: apiKey ours ${api.apiKey}, Kafka's ${kafka.apiKey}`);
      if (kafka.validVersions !== ours.validVersions) {
        found.push(`[${release}] ${ours.name}: validVersions ours ${ours.validVersions}, Kafka's ${kafka.validVersions}`);
      }
    }
    const range = parseVersions(kafka.validVersions);
    const scope = unchecked.filter((v) => inRange(range, v));
    unchecked = unchecked.filter((v) => !scope.includes(v));
    found.push(...compareMessage(release, ours, kafka, scope, release === NEWEST));
  }
  if (unchecked.length > 0) found.push(`[none] ${ours.name}: versions ${showVersions(unchecked)} are in no Kafka release checked`);
  return found;
}

/** The message a listed difference is about: the word after its `[release]`. */
const messageOf = (difference: string): string => difference.split(/[ :]/)[1];

for (const api of API_SPECS.values()) {
  test(`${api.name} (key ${api.apiKey}) matches Kafka's spec but for its listed differences`, () => {
    const names = [api.request.name, api.response.name];
    const found = names.flatMap((name) => differences(api, name === api.request.name ? api.request : api.response));
    const listed = DELIBERATE.filter((d) => names.includes(messageOf(d.difference))).map((d) => d.difference);
    const unlisted = found.filter((d) => !listed.includes(d));
    const stale = listed.filter((d) => !found.includes(d));
    assert.deepEqual(
      { unlisted, stale },
      { unlisted: [], stale: [] },
      'unlisted: differences from Kafka\'s spec to fix in the schema (or list, with a reason, in test/protocol/schemas/kafka-differences.ts); ' +
        'stale: listed differences no longer found, to take out of that list',
    );
  });
}

test('every listed difference is about a message of an API we serve, and has a reason', () => {
  const served = [...API_SPECS.values()].flatMap((api) => [api.request.name, api.response.name]);
  for (const { difference, reason } of DELIBERATE) {
    assert.ok(served.includes(messageOf(difference)), `listed difference about no served message: ${difference}`);
    assert.ok(reason.trim().length > 10, `listed difference without a reason: ${difference}`);
  }
  assert.equal(new Set(DELIBERATE.map((d) => d.difference)).size, DELIBERATE.length, 'a difference is listed twice');
});
