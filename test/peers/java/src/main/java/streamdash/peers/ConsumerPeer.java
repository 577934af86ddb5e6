package streamdash.peers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads --count records with kafka-clients' KafkaConsumer (group.protocol=classic) and prints
 * one "record" line each, then the committed offsets and a "done" line.
 *
 * <p>Options: --mode assign|subscribe (subscribe needs --group), --partitions 0,1 (assign; all
 * by default), --from beginning|end|offset:N|timestamp:MS (timestamp goes through
 * offsetsForTimes and prints what it found), --commit sync|async|none, --timeout-ms,
 * --config key=value.
 */
public final class ConsumerPeer {
  public static void main(String[] argv) {
    try {
      System.exit(run(new Args("consumer", argv)));
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  private static int run(Args args) throws Exception {
    String topic = args.required("topic");
    int count = args.integer("count", 100);
    String mode = args.get("mode", "assign");
    String from = args.get("from", "beginning");
    String commit = args.get("commit", "none");
    long deadline = System.currentTimeMillis() + args.longValue("timeout-ms", 30000);
    if (!Set.of("assign", "subscribe").contains(mode)) throw new IllegalArgumentException("consumer: --mode is assign or subscribe, got '" + mode + "'");
    if (!Set.of("sync", "async", "none").contains(commit)) throw new IllegalArgumentException("consumer: --commit is sync, async or none, got '" + commit + "'");

    Properties p = new Properties();
    p.put("client.id", "streamdash-java-consumer");
    p.put("group.protocol", "classic");
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", from.equals("end") ? "latest" : "earliest");
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    if (args.has("group")) p.put("group.id", args.required("group"));
    else if (mode.equals("subscribe")) throw new IllegalArgumentException("consumer: --mode subscribe needs --group");
    p.putAll(args.clientProperties());

    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      Set<TopicPartition> assigned = new HashSet<>();
      if (mode.equals("assign")) {
        List<TopicPartition> parts = partitions(consumer, topic, args.get("partitions", null));
        consumer.assign(parts);
        assigned.addAll(parts);
        position(consumer, parts, from);
      } else {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            assigned.removeAll(parts);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            assigned.addAll(parts);
            List<Integer> ids = new ArrayList<>();
            for (TopicPartition tp : parts) ids.add(tp.partition());
            Json.event("assigned").put("partitions", ids).print();
            if (!from.equals("beginning") && !from.equals("end")) position(consumer, parts, from);
          }
        });
      }

      int read = 0;
      while (read < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          Map<String, String> headers = new LinkedHashMap<>();
          for (Header h : r.headers()) headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
          Json.event("record").put("partition", r.partition()).put("offset", r.offset()).put("timestamp", r.timestamp())
              .put("key", r.key()).put("value", r.value()).put("headers", headers).print();
          read++;
        }
      }

      if (commit.equals("sync")) consumer.commitSync();
      else if (commit.equals("async")) commitAsync(consumer, deadline);
      if (!commit.equals("none")) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
          Json.event("committed").put("partition", e.getKey().partition()).put("offset", e.getValue() == null ? -1 : e.getValue().offset()).print();
        }
      }
      Map<String, Long> positions = new LinkedHashMap<>();
      for (TopicPartition tp : assigned) positions.put(Integer.toString(tp.partition()), consumer.position(tp));
      Json.event("done").put("count", read).put("positions", positions).print();
      return read >= count ? 0 : 1;
    }
  }

  /** commitAsync, then polls until its callback has run, so the line after it reports what the broker kept. */
  private static void commitAsync(KafkaConsumer<String, String> consumer, long deadline) {
    AtomicReference<Exception> outcome = new AtomicReference<>();
    boolean[] done = {false};
    consumer.commitAsync((offsets, err) -> {
      outcome.set(err);
      done[0] = true;
    });
    while (!done[0] && System.currentTimeMillis() < deadline) consumer.poll(Duration.ofMillis(50));
    if (!done[0]) throw new IllegalStateException("consumer: commitAsync's callback did not run before the deadline");
    if (outcome.get() != null) throw new IllegalStateException("consumer: commitAsync failed: " + outcome.get(), outcome.get());
    Json.event("commitAsync").put("ok", true).print();
  }

  private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic, String list) {
    List<TopicPartition> parts = new ArrayList<>();
    if (list != null) {
      for (String s : list.split(",")) parts.add(new TopicPartition(topic, Integer.parseInt(s.trim())));
      return parts;
    }
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) throw new IllegalStateException("consumer: topic '" + topic + "' has no partitions");
    for (PartitionInfo info : infos) parts.add(new TopicPartition(topic, info.partition()));
    return parts;
  }

  private static void position(KafkaConsumer<String, String> consumer, Collection<TopicPartition> parts, String from) {
    if (from.equals("beginning")) consumer.seekToBeginning(parts);
    else if (from.equals("end")) consumer.seekToEnd(parts);
    else if (from.startsWith("offset:")) {
      long offset = Long.parseLong(from.substring("offset:".length()));
      for (TopicPartition tp : parts) consumer.seek(tp, offset);
    } else if (from.startsWith("timestamp:")) {
      long ts = Long.parseLong(from.substring("timestamp:".length()));
      Map<TopicPartition, Long> query = new HashMap<>();
      for (TopicPartition tp : parts) query.put(tp, ts);
      for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
        OffsetAndTimestamp found = e.getValue();
        Json.event("offsetsForTimes").put("partition", e.getKey().partition()).put("offset", found == null ? -1 : found.offset())
            .put("timestamp", found == null ? -1 : found.timestamp()).print();
        if (found != null) consumer.seek(e.getKey(), found.offset());
        else consumer.seekToEnd(List.of(e.getKey()));
      }
    } else {
      throw new IllegalArgumentException("consumer: --from is beginning, end, offset:N or timestamp:MS, got '" + from + "'");
    }
  }
}
