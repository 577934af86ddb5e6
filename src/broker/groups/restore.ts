import { Group } from './group.js';
import { Member } from './member.js';
import type { OffsetsLogEntry } from './records.js';

/** Folds the records of the offsets topic, in log order, into groups: the latest value of each key wins. */
export class RestoredGroups {
  readonly groups = new Map<string, Group>();

  private group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) {
      g = new Group(id, Date.now());
      this.groups.set(id, g);
    }
    return g;
  }

  apply(entry: OffsetsLogEntry): void {
    if (entry.kind === 'offset') this.group(entry.key.group).setOffset(entry.key.topic, entry.key.partition, entry.value);
    else this.group(entry.group).stored = entry.value;
  }

  /**
   * Groups as the last stored metadata left them: members from the last
   * Stable generation are back in a Stable group and keep their session,
   * so they carry on without a rebalance if they heartbeat in time.
   */
  finish(): Group[] {
    const out: Group[] = [];
    for (const g of this.groups.values()) {
      const s = g.stored;
      if (!s && g.offsetCount() === 0) continue;
      if (s) {
        g.generationId = s.generation;
        g.protocolType = s.protocolType === '' ? null : s.protocolType;
        g.protocolName = s.protocol;
        g.leaderId = s.leader;
        for (const m of s.members) {
          const protocols = s.protocol === null ? [] : [{ name: s.protocol, metadata: m.subscription }];
          const member = new Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeout, m.sessionTimeout, protocols);
          member.assignment = m.assignment;
          g.members.set(m.memberId, member);
          if (m.groupInstanceId !== null) g.staticMembers.set(m.groupInstanceId, m.memberId);
        }
        g.transition(g.members.size > 0 ? 'Stable' : 'Empty', s.currentStateTimestamp);
      }
      out.push(g);
    }
    return out;
  }
}
