import { Reader } from '../../protocol/reader.js';
import type { Group } from './group.js';

/**
 * The topics a classic consumer group's members subscribe to, read from the
 * consumer protocol's subscription (an int16 version, then the topic names,
 * the same in every version). Null when some member's metadata cannot be read
 * or the group does not use the consumer protocol: then nothing is known.
 */
export function subscribedTopics(group: Group): Set<string> | null {
  if (group.protocolType !== 'consumer' || group.protocolName === null) return group.members.size === 0 ? new Set() : null;
  const topics = new Set<string>();
  for (const m of group.members.values()) {
    try {
      const r = new Reader(m.metadataFor(group.protocolName));
      r.int16();
      for (let n = r.int32(); n > 0; n--) topics.add(r.string());
    } catch {
      return null;
    }
  }
  return topics;
}
