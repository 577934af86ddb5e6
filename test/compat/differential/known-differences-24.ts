import type { KnownDifference } from './known-differences.js';

/**
 * Every way streamdash answers the old protocol differently from Kafka 2.4.1 in
 * test/compat/kafka-24-differential.test.ts, each with its reason. As with the Kafka 4.4 list,
 * an unlisted difference fails the tests and a listed one no longer seen fails the last test.
 */
export const KNOWN_DIFFERENCES_24: readonly KnownDifference[] = [
  {
    where: 'Fetch v* past the end responses[0].partitions[0].highWatermark',
    reason:
      'Kafka 2.4.1 gives an OFFSET_OUT_OF_RANGE partition the high watermark -1; Kafka 4.4, and streamdash with it, give the log end offset (the Kafka 4.4 differential checks it). The error code is the same, and clients act on it, not on the watermark.',
  },
  {
    where: 'Fetch v2 from 0 responses[0].partitions[0].records.length',
    reason:
      "Kafka 2.4.1 sends converted data no longer than the stored batches it stands for (LazyDownConversionRecords keeps the stored size), so the magic 1 messages, larger than the v2 records, are cut and the last comes in the next fetch; streamdash sends every converted message within the request's byte limit.",
  },
  {
    where: 'Fetch v3 from 0 responses[0].partitions[0].records.length',
    reason:
      "Kafka 2.4.1 sends converted data no longer than the stored batches it stands for (LazyDownConversionRecords keeps the stored size), so the magic 1 messages, larger than the v2 records, are cut and the last comes in the next fetch; streamdash sends every converted message within the request's byte limit.",
  },
  {
    where: 'Fetch v2 from the middle of a compressed set responses[0].partitions[0].records.length',
    reason: 'the same cut of converted data to the stored size, from the middle of the log.',
  },
  {
    where: 'Fetch v3 from the middle of a compressed set responses[0].partitions[0].records.length',
    reason: 'the same cut of converted data to the stored size, from the middle of the log.',
  },
  {
    where: 'Fetch v3 magic 0 responses[0].partitions[0].records[*].timestamp*',
    reason:
      'a magic 0 message has no timestamp. Kafka 2.4.1 stores it as CreateTime -1 and, for time retention, falls back to the segment file time; streamdash stamps it with LogAppendTime, the broker clock at append, so that time retention, ListOffsets by time and its stream windows see a real time (src/protocol/records/up-convert.ts).',
  },
  {
    where: 'Fetch v3 magic 0 responses[0].partitions[0].records.length',
    reason: 'the same cut: Kafka 2.4.1 keeps the converted answer to the size of the stored batches; streamdash keeps it to the byte limit asked for.',
  },
  {
    where: 'Fetch v2 within a byte limit responses[0].partitions[0].records.length',
    reason:
      "with a byte limit smaller than the first stored batch, Kafka 2.4.1 sends that batch cut, which converts to no whole message, and an old consumer stalls (the 'message larger than fetch size' trap); streamdash converts and sends the whole messages that fit.",
  },
];
