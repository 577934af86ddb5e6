package streamdash.peers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends --count records with kafka-clients' KafkaProducer and prints one "sent" line per
 * record (its key, value, partition and offset) and a "done" line.
 *
 * <p>Options: --acks 0|1|all, --idempotent true|false (left to the client's default when
 * absent), --compression none|gzip|snappy|lz4|zstd, --keys true (key-(i mod 7)),
 * --headers true (source=java, i=i), --partition P, --timestamp-base MS (record i gets
 * timestamp MS+i instead of the send time), --transactional-id ID (the records in one
 * committed transaction), --abort true (that transaction aborted instead), --config key=value.
 *
 * <p>For large runs (a compacted topic's many overwrites): --key-space N (key-(i mod N) instead
 * of mod 7; implies --keys), --tombstone-every M (record i has a null value when
 * (i + i / key-space) mod M is 0: one record in M of each round of the key space, other keys in
 * each round, so deleted keys come back), --quiet true (no "sent" line per record, nothing kept
 * per record; the "done" line has the highest offset and the first error).
 */
public final class ProducerPeer {
  public static void main(String[] argv) {
    try {
      System.exit(run(new Args("producer", argv)));
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  /** Record i's value: its number, a non-ASCII word and a run of a length that varies, so codecs have work. */
  static String value(int i) {
    return "value-" + i + " 值 " + "x".repeat(i % 50);
  }

  /** Whether record i is a tombstone under --tombstone-every: shifted by one each round of the key space. */
  static boolean tombstone(int i, int keySpace, int every) {
    return every > 0 && (i + i / keySpace) % every == 0;
  }

  private static int run(Args args) throws Exception {
    String topic = args.required("topic");
    int count = args.integer("count", 100);
    int keySpace = args.integer("key-space", 7);
    boolean keys = Boolean.parseBoolean(args.get("keys", "false")) || args.has("key-space");
    int tombstoneEvery = args.integer("tombstone-every", 0);
    boolean quiet = Boolean.parseBoolean(args.get("quiet", "false"));
    if (keySpace < 1) throw new IllegalArgumentException("producer: --key-space must be at least 1, got " + keySpace);
    boolean headers = Boolean.parseBoolean(args.get("headers", "false"));
    Integer partition = args.has("partition") ? args.integer("partition", 0) : null;
    String txId = args.get("transactional-id", null);
    boolean abort = Boolean.parseBoolean(args.get("abort", "false"));
    Long tsBase = args.has("timestamp-base") ? args.longValue("timestamp-base", 0) : null;

    Properties p = new Properties();
    p.put("client.id", "streamdash-java-producer");
    p.put("max.block.ms", "15000");
    p.put("request.timeout.ms", "10000");
    p.put("delivery.timeout.ms", "30000");
    p.put("acks", args.get("acks", "all"));
    p.put("compression.type", args.get("compression", "none"));
    if (args.has("idempotent")) p.put("enable.idempotence", args.required("idempotent"));
    if (txId != null) p.put("transactional.id", txId);
    p.putAll(args.clientProperties());

    int failed = 0;
    AtomicInteger quietFailed = new AtomicInteger();
    AtomicLong quietLastOffset = new AtomicLong(-1);
    AtomicReference<String> quietError = new AtomicReference<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      if (txId != null) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      List<Future<RecordMetadata>> sent = new ArrayList<>(quiet ? 0 : count);
      for (int i = 0; i < count; i++) {
        RecordHeaders h = new RecordHeaders();
        if (headers) {
          h.add("source", "java".getBytes(StandardCharsets.UTF_8));
          h.add("i", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        String key = keys ? "key-" + (i % keySpace) : null;
        boolean tombstone = tombstone(i, keySpace, tombstoneEvery);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, tsBase == null ? null : tsBase + i, key, tombstone ? null : value(i), h);
        if (!quiet) {
          sent.add(producer.send(record));
          continue;
        }
        producer.send(record, (m, e) -> {
          if (e != null) {
            quietFailed.incrementAndGet();
            quietError.compareAndSet(null, String.valueOf(e));
          } else {
            quietLastOffset.accumulateAndGet(m.offset(), Math::max);
          }
        });
      }
      producer.flush();
      if (txId != null && abort) producer.abortTransaction();
      else if (txId != null) producer.commitTransaction();
      if (quiet) failed = quietFailed.get();
      for (int i = 0; i < sent.size(); i++) {
        boolean tombstone = tombstone(i, keySpace, tombstoneEvery);
        Json line = Json.event("sent").put("i", i).put("key", keys ? "key-" + (i % keySpace) : null).put("value", tombstone ? null : value(i));
        try {
          RecordMetadata m = sent.get(i).get();
          line.put("partition", m.partition()).put("offset", m.hasOffset() ? m.offset() : -1).put("timestamp", m.timestamp());
        } catch (Exception e) {
          failed++;
          line.put("error", String.valueOf(e.getCause() == null ? e : e.getCause()));
        }
        line.print();
      }
    }
    Json done = Json.event("done").put("sent", count - failed).put("failed", failed);
    if (quiet) done.put("lastOffset", quietLastOffset.get()).put("error", quietError.get());
    done.print();
    return failed == 0 ? 0 : 1;
  }
}
