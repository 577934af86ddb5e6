package streamdash.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * kafka-clients' transactional producer and read_committed consumer, one --op per run:
 *
 * <ul>
 *   <li>{@code spread --topics a,b --txn-id ID --count N}: one transaction sending N records to
 *       every partition of every topic, committed, then a second one doing the same, aborted.
 *       Values are {@code commit|abort-TOPIC-P-I}; one "sent" line per record, "committed", "aborted".
 *   <li>{@code read --topics a,b --isolation read_committed|read_uncommitted}: every partition from
 *       the beginning up to its end offset (the LSO under read_committed); one "end" line per
 *       partition, one "record" line per record.
 *   <li>{@code ctp --input IN --output OUT --group G --txn-id ID [--crash-after K] [--idle-ms MS]}: a
 *       consume-transform-produce loop on the input's partitions from the group's committed offsets;
 *       each poll becomes one transaction holding the output records and the input offsets
 *       (sendOffsetsToTransaction). With --crash-after, after K commits it sends the next poll's
 *       output, flushes and halts the JVM with the transaction open. Otherwise it stops once the
 *       input is idle for MS. One "txn" line per commit, "crashing", "done".
 *   <li>{@code fence --topic T --txn-id ID}: producer A sends 5 records in a transaction and
 *       flushes; producer B, same id, initialises (fencing A), sends 3 and commits; A's commit then
 *       fails: one "fenced" line naming the exception.
 * </ul>
 */
public final class TxnPeer {
  public static void main(String[] argv) {
    try {
      Args args = new Args("txn", argv);
      String op = args.required("op");
      switch (op) {
        case "spread" -> spread(args);
        case "read" -> read(args);
        case "ctp" -> consumeTransformProduce(args);
        case "fence" -> fence(args);
        default -> throw new IllegalArgumentException("txn: --op is spread, read, ctp or fence, got '" + op + "'");
      }
      System.exit(0);
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  private static Properties producerProps(Args args, String txId) {
    Properties p = new Properties();
    p.put("client.id", "streamdash-java-txn-" + txId);
    p.put("transactional.id", txId);
    p.put("max.block.ms", "20000");
    p.put("request.timeout.ms", "10000");
    p.put("delivery.timeout.ms", "30000");
    p.putAll(args.clientProperties());
    return p;
  }

  private static KafkaProducer<String, String> producer(Args args, String txId) {
    return new KafkaProducer<>(producerProps(args, txId), new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(Args args, String isolation, String group) {
    Properties p = new Properties();
    p.put("client.id", "streamdash-java-txn-consumer");
    p.put("group.protocol", "classic");
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", isolation);
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    if (group != null) p.put("group.id", group);
    p.putAll(args.clientProperties());
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String topics) {
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic : topics.split(",")) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos == null || infos.isEmpty()) throw new IllegalStateException("txn: topic '" + topic + "' has no partitions; create it first");
      for (PartitionInfo info : infos) parts.add(new TopicPartition(topic, info.partition()));
    }
    return parts;
  }

  private static void spread(Args args) throws Exception {
    String txId = args.required("txn-id");
    int count = args.integer("count", 3);
    List<TopicPartition> parts;
    try (KafkaConsumer<String, String> c = consumer(args, "read_uncommitted", null)) {
      parts = partitionsOf(c, args.required("topics"));
    }
    try (KafkaProducer<String, String> producer = producer(args, txId)) {
      producer.initTransactions();
      for (String outcome : List.of("commit", "abort")) {
        producer.beginTransaction();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          for (TopicPartition tp : parts) {
            ProducerRecord<String, String> r = new ProducerRecord<>(tp.topic(), tp.partition(), null, outcome + "-" + tp.topic() + "-" + tp.partition() + "-" + i);
            records.add(r);
            sent.add(producer.send(r));
          }
        }
        producer.flush();
        for (int i = 0; i < records.size(); i++) {
          RecordMetadata m = sent.get(i).get();
          Json.event("sent").put("topic", m.topic()).put("partition", m.partition()).put("offset", m.offset()).put("value", records.get(i).value()).print();
        }
        if (outcome.equals("commit")) producer.commitTransaction();
        else producer.abortTransaction();
        Json.event(outcome.equals("commit") ? "committed" : "aborted").put("records", records.size()).print();
      }
    }
  }

  private static void read(Args args) {
    String isolation = args.required("isolation");
    long deadline = System.currentTimeMillis() + args.longValue("timeout-ms", 30000);
    try (KafkaConsumer<String, String> consumer = consumer(args, isolation, null)) {
      List<TopicPartition> parts = partitionsOf(consumer, args.required("topics"));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      for (TopicPartition tp : parts) Json.event("end").put("topic", tp.topic()).put("partition", tp.partition()).put("offset", ends.get(tp)).print();
      while (!reachedEnd(consumer, ends)) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("txn: read did not reach the end offsets " + ends + " in time");
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          Json.event("record").put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset()).put("key", r.key()).put("value", r.value()).print();
        }
      }
    }
  }

  private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) return false;
    }
    return true;
  }

  private static void consumeTransformProduce(Args args) {
    String output = args.required("output");
    String group = args.required("group");
    int crashAfter = args.integer("crash-after", -1);
    long idleMs = args.longValue("idle-ms", 3000);
    KafkaProducer<String, String> producer = producer(args, args.required("txn-id"));
    try (KafkaConsumer<String, String> consumer = consumer(args, "read_committed", group)) {
      // Fences an older instance of this id and aborts what it left open, before anything is read.
      producer.initTransactions();
      List<TopicPartition> parts = partitionsOf(consumer, args.required("input"));
      consumer.assign(parts);
      // committed() asks with require_stable under read_committed, so it waits out an offset still in a transaction.
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(parts));
      for (TopicPartition tp : parts) {
        OffsetAndMetadata o = committed.get(tp);
        long from = o == null ? 0 : o.offset();
        consumer.seek(tp, from);
        Json.event("resume").put("partition", tp.partition()).put("offset", from).print();
      }
      int commits = 0;
      int processed = 0;
      long lastRecord = System.currentTimeMillis();
      while (System.currentTimeMillis() - lastRecord < idleMs) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) continue;
        lastRecord = System.currentTimeMillis();
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
          producer.send(new ProducerRecord<>(output, r.partition() + ":" + r.offset(), "out-" + r.value()));
          next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (commits == crashAfter) {
          producer.flush();
          Json.event("crashing").put("open", records.count()).print();
          // A crash, not a shutdown: no abort, no close, the transaction stays open on the broker.
          Runtime.getRuntime().halt(3);
        }
        producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        producer.commitTransaction();
        commits++;
        processed += records.count();
        Json.event("txn").put("records", records.count()).put("offsets", offsetsJson(next)).print();
      }
      Json.event("done").put("commits", commits).put("processed", processed).print();
    } finally {
      producer.close();
    }
  }

  private static Map<String, Long> offsetsJson(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<String, Long> out = new HashMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) out.put(Integer.toString(e.getKey().partition()), e.getValue().offset());
    return out;
  }

  private static void fence(Args args) throws Exception {
    String topic = args.required("topic");
    String txId = args.required("txn-id");
    KafkaProducer<String, String> zombie = producer(args, txId);
    try {
      zombie.initTransactions();
      zombie.beginTransaction();
      for (int i = 0; i < 5; i++) zombie.send(new ProducerRecord<>(topic, 0, null, "zombie-" + i));
      zombie.flush();
      Json.event("zombie-sent").put("records", 5).print();
      try (KafkaProducer<String, String> successor = producer(args, txId)) {
        successor.initTransactions();
        successor.beginTransaction();
        for (int i = 0; i < 3; i++) successor.send(new ProducerRecord<>(topic, 0, null, "successor-" + i));
        successor.commitTransaction();
        Json.event("successor-committed").put("records", 3).print();
      }
      try {
        zombie.commitTransaction();
        Json.event("zombie-committed").print();
      } catch (Exception e) {
        Json.event("fenced").put("type", e.getClass().getName()).put("message", String.valueOf(e.getMessage())).print();
      }
    } finally {
      zombie.close(Duration.ofSeconds(5));
    }
  }
}
