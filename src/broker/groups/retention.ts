import type { Group } from './group.js';
import type { OffsetsLogEntry } from './records.js';

/**
 * Offsets retention (KIP-211): an empty group's offsets go once it has been
 * empty for `retentionMs`; a group that never had members (offsets only)
 * loses each offset that long after its last commit. A group left with
 * neither members nor offsets is deleted (Dead). Applies this to `groups`
 * and returns the tombstones to write.
 */
export function expireOffsets(groups: Map<string, Group>, now: number, retentionMs: number): OffsetsLogEntry[] {
  const tombstones: OffsetsLogEntry[] = [];
  for (const g of [...groups.values()]) {
    if (!g.is('Empty') || g.pendingMembers.size > 0) continue;
    for (const [topic, partitions] of [...g.offsets]) {
      for (const [partition, c] of [...partitions]) {
        const since = g.protocolType === null ? c.commitTimestamp : g.stateTimestamp;
        if (now - since < retentionMs) continue;
        g.setOffset(topic, partition, null);
        tombstones.push({ kind: 'offset', key: { group: g.id, topic, partition }, value: null });
      }
    }
    if (g.offsetCount() > 0) continue;
    g.transition('Dead', now);
    groups.delete(g.id);
    if (g.stored) tombstones.push({ kind: 'group', group: g.id, value: null });
  }
  return tombstones;
}

/** Every key's latest value, which is all a rewritten offsets topic has to hold. */
export function liveEntries(groups: Map<string, Group>): OffsetsLogEntry[] {
  const live: OffsetsLogEntry[] = [];
  for (const g of groups.values()) {
    if (g.stored) live.push({ kind: 'group', group: g.id, value: g.stored });
    for (const [topic, partitions] of g.offsets) {
      for (const [partition, value] of partitions) live.push({ kind: 'offset', key: { group: g.id, topic, partition }, value });
    }
  }
  return live;
}
