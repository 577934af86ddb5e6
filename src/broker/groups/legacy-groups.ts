import type { GroupDescription, GroupListing } from './summaries.js';

/**
 * Groups the coordinator does not run but the broker answers for: those of Kafka 0.8's
 * high-level consumer, which keep members and offsets in ZooKeeper (the facade's tree). A
 * group the coordinator holds always wins over one of these with the same name.
 */
export interface LegacyGroups {
  ids(): string[];
  has(groupId: string): boolean;
  /** topic → partition → committed offset. */
  offsets(groupId: string): Map<string, Map<number, number>>;
  listing(groupId: string): GroupListing;
  describe(groupId: string): GroupDescription;
}
