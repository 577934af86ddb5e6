/**
 * The one list of deliberate differences between our schemas (src/protocol/schemas) and Kafka's
 * JSON specs, each with why. kafka-specs.test.ts fails on any difference not listed here, word
 * for word, and on any listed one it no longer finds.
 */
export interface Difference {
  readonly difference: string;
  readonly reason: string;
}

export const DELIBERATE: readonly Difference[] = [
  {
    difference: "[4.4.0] ProduceRequest: validVersions ours 0-9, Kafka's 3-13",
    reason: "v0-2 are kept for old clients (Kafka 4.0 dropped them, KIP-896); v10+ (leader discovery KIP-951, transactions v2 KIP-890, topic ids KIP-516) are not served yet",
  },
  {
    difference: "[4.4.0] ProduceResponse: validVersions ours 0-9, Kafka's 3-13",
    reason: "v0-2 are kept for old clients (Kafka 4.0 dropped them, KIP-896); v10+ (leader discovery KIP-951, transactions v2 KIP-890, topic ids KIP-516) are not served yet",
  },
  {
    difference: "[4.4.0] FetchRequest: validVersions ours 0-12, Kafka's 4-18",
    reason: "v0-3 are kept for old clients (dropped by Kafka 4.0, KIP-896); v13+ name topics by id, which the broker does not serve yet",
  },
  {
    difference: "[4.4.0] FetchResponse: validVersions ours 0-12, Kafka's 4-18",
    reason: "v0-3 are kept for old clients (dropped by Kafka 4.0, KIP-896); v13+ name topics by id, which the broker does not serve yet",
  },
  {
    difference: "[4.4.0] ListOffsetsRequest: validVersions ours 0-5, Kafka's 1-11",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896); v6+ are not served yet",
  },
  {
    difference: "[4.4.0] ListOffsetsResponse: validVersions ours 0-5, Kafka's 1-11",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896); v6+ are not served yet",
  },
  {
    difference: "[4.4.0] MetadataRequest: validVersions ours 0-9, Kafka's 0-13",
    reason: "v10+ (topic ids, KIP-516; a top-level error code) are not served yet",
  },
  {
    difference: "[4.4.0] MetadataResponse: validVersions ours 0-9, Kafka's 0-13",
    reason: "v10+ (topic ids, KIP-516; a top-level error code) are not served yet",
  },
  {
    difference: "[4.4.0] OffsetCommitRequest: validVersions ours 0-8, Kafka's 2-10",
    reason: "v0-1 are kept for old clients (dropped by Kafka 4.0, KIP-896); v9+ belong to the consumer group protocol (KIP-848), which the broker does not serve",
  },
  {
    difference: "[4.4.0] OffsetCommitResponse: validVersions ours 0-8, Kafka's 2-10",
    reason: "v0-1 are kept for old clients (dropped by Kafka 4.0, KIP-896); v9+ belong to the consumer group protocol (KIP-848), which the broker does not serve",
  },
  {
    difference: "[4.4.0] OffsetFetchRequest: validVersions ours 0-8, Kafka's 1-10",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896); v9+ belong to the consumer group protocol (KIP-848), which the broker does not serve",
  },
  {
    difference: "[4.4.0] OffsetFetchResponse: validVersions ours 0-8, Kafka's 1-10",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896); v9+ belong to the consumer group protocol (KIP-848), which the broker does not serve",
  },
  {
    difference: "[4.4.0] FindCoordinatorRequest: validVersions ours 0-4, Kafka's 0-6",
    reason: "v5+ (KIP-890 transactions, share groups) are not served yet",
  },
  {
    difference: "[4.4.0] FindCoordinatorResponse: validVersions ours 0-4, Kafka's 0-6",
    reason: "v5+ (KIP-890 transactions, share groups) are not served yet",
  },
  {
    difference: "[4.4.0] JoinGroupRequest: validVersions ours 0-6, Kafka's 0-9",
    reason: "v7+ (protocol type in the response KIP-559, a reason KIP-800, SkipAssignment) are not served yet",
  },
  {
    difference: "[4.4.0] JoinGroupResponse: validVersions ours 0-6, Kafka's 0-9",
    reason: "v7+ (protocol type in the response KIP-559, a reason KIP-800, SkipAssignment) are not served yet",
  },
  {
    difference: "[4.4.0] LeaveGroupRequest: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (a reason for leaving, KIP-800) is not served yet",
  },
  {
    difference: "[4.4.0] LeaveGroupResponse: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (a reason for leaving, KIP-800) is not served yet",
  },
  {
    difference: "[4.4.0] SyncGroupRequest: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (protocol type and name, KIP-559) is not served yet",
  },
  {
    difference: "[4.4.0] SyncGroupResponse: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (protocol type and name, KIP-559) is not served yet",
  },
  {
    difference: "[4.4.0] DescribeGroupsRequest: validVersions ours 0-5, Kafka's 0-6",
    reason: "v6 (GROUP_ID_NOT_FOUND, KIP-1043) is not served yet",
  },
  {
    difference: "[4.4.0] DescribeGroupsResponse: validVersions ours 0-5, Kafka's 0-6",
    reason: "v6 (GROUP_ID_NOT_FOUND, KIP-1043) is not served yet",
  },
  {
    difference: "[4.4.0] ListGroupsRequest: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (group type filter, KIP-848) is not served yet",
  },
  {
    difference: "[4.4.0] ListGroupsResponse: validVersions ours 0-4, Kafka's 0-5",
    reason: "v5 (group type filter, KIP-848) is not served yet",
  },
  {
    difference: "[4.4.0] ApiVersionsRequest: validVersions ours 0-3, Kafka's 0-5",
    reason: "v4+ (KAFKA-17011, KIP-1242 cluster id checks) are not served yet; clients fall back to v3",
  },
  {
    difference: "[4.4.0] ApiVersionsResponse: validVersions ours 0-3, Kafka's 0-5",
    reason: "v4+ (KAFKA-17011, KIP-1242 cluster id checks) are not served yet; clients fall back to v3",
  },
  {
    difference: "[4.4.0] CreateTopicsRequest: validVersions ours 0-7, Kafka's 2-7",
    reason: "v0-1 are kept for old clients (dropped by Kafka 4.0, KIP-896)",
  },
  {
    difference: "[4.4.0] CreateTopicsResponse: validVersions ours 0-7, Kafka's 2-7",
    reason: "v0-1 are kept for old clients (dropped by Kafka 4.0, KIP-896)",
  },
  {
    difference: "[4.4.0] DeleteTopicsRequest: validVersions ours 0-6, Kafka's 1-6",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896)",
  },
  {
    difference: "[4.4.0] DeleteTopicsResponse: validVersions ours 0-6, Kafka's 1-6",
    reason: "v0 is kept for old clients (dropped by Kafka 4.0, KIP-896)",
  },
  {
    difference: "[4.4.0] InitProducerIdRequest: validVersions ours 0-4, Kafka's 0-6",
    reason: "v5+ (TRANSACTION_ABORTABLE KIP-890, two-phase commit KIP-939) are not served yet",
  },
  {
    difference: "[4.4.0] InitProducerIdResponse: validVersions ours 0-4, Kafka's 0-6",
    reason: "v5+ (TRANSACTION_ABORTABLE KIP-890, two-phase commit KIP-939) are not served yet",
  },
  {
    difference: "[2.4.1] ProduceRequest topicData.partitionData.records: type ours records, Kafka's bytes",
    reason: "Kafka 2.4 wrote a record batch as bytes, later as records; the same length-prefixed bytes on the wire, which we decode as a record batch",
  },
  {
    difference: "[2.4.1] FetchResponse responses.partitions.records: type ours records, Kafka's bytes",
    reason: "Kafka 2.4 wrote a record batch as bytes, later as records; the same length-prefixed bytes on the wire, which we decode as a record batch",
  },
  {
    difference: "[4.4.0] OffsetCommitRequest generationIdOrMemberEpoch: missing (Kafka's versions 2-8)",
    reason: "Kafka 4 renamed GenerationId for the consumer group protocol (KIP-848), which we do not serve; the same int32 at the same place, kept under its classic name",
  },
  {
    difference: "[4.4.0] OffsetCommitRequest generationId: not in Kafka's spec",
    reason: "the other side of the rename to generationIdOrMemberEpoch (KIP-848): the classic name is kept",
  },
  {
    difference: "[4.4.0] TxnOffsetCommitRequest: validVersions ours 0-5, Kafka's 0-6",
    reason: "v6 names topics by id instead of name (KIP-1319), which the broker does not serve; clients fall back to v5",
  },
  {
    difference: "[4.4.0] TxnOffsetCommitResponse: validVersions ours 0-5, Kafka's 0-6",
    reason: "v6 names topics by id instead of name (KIP-1319), which the broker does not serve; clients fall back to v5",
  },
];
