package streamdash.oldclients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import streamdash.eras.Flags;
import streamdash.eras.Json;

/**
 * One program for the old kafka-clients (0.10.0.1, what Spark 2.1 to 2.3 ship, up to 2.0.1), built
 * once per version against that version's jar, using only the API all of them have (poll(long),
 * the rebalance listener). Prints one JSON line per event.
 *
 *   OldClientPeer produce --bootstrap H:P --topic T --count N [--prefix P] [--acks all|1]
 *   OldClientPeer consume --bootstrap H:P --topic T --group G --count N      subscribe, take N, commitSync exactly those, close
 *   OldClientPeer member  --bootstrap H:P --topic T --group G --idle-ms MS   subscribe and print what it is given and reads, until idle
 */
public final class OldClientPeer {
  public static void main(String[] argv) {
    String action = argv.length > 0 ? argv[0] : "";
    try {
      Map<String, String> args = Flags.parse(Arrays.copyOfRange(argv, Math.min(1, argv.length), argv.length));
      if (action.equals("produce")) produce(args);
      else if (action.equals("consume")) consume(args, Integer.parseInt(Flags.required(args, "count")), Long.MAX_VALUE);
      else if (action.equals("member")) consume(args, Integer.MAX_VALUE, Long.parseLong(Flags.required(args, "idle-ms")));
      else throw new IllegalArgumentException("the action is produce, consume or member, not '" + action + "'");
    } catch (Throwable t) {
      Json.error(t);
      System.exit(1);
    }
  }

  private static void produce(Map<String, String> args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", Flags.required(args, "bootstrap"));
    p.put("acks", args.containsKey("acks") ? args.get("acks") : "all");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    String topic = Flags.required(args, "topic");
    String prefix = args.containsKey("prefix") ? args.get("prefix") : "v";
    int count = Integer.parseInt(Flags.required(args, "count"));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(producer.send(new ProducerRecord<String, String>(topic, "k" + i, prefix + "-" + i)));
      for (Future<RecordMetadata> f : sent) f.get();
    }
    Json.event("done").put("sent", count).print();
  }

  private static void consume(Map<String, String> args, int count, long idleMs) {
    Properties p = new Properties();
    p.put("bootstrap.servers", Flags.required(args, "bootstrap"));
    p.put("group.id", Flags.required(args, "group"));
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("session.timeout.ms", "10000");
    p.put("heartbeat.interval.ms", "500");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    int taken = 0;
    try (final KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(Collections.singletonList(Flags.required(args, "topic")), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          consumer.commitSync();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          List<Integer> ps = new ArrayList<>();
          for (TopicPartition tp : partitions) ps.add(tp.partition());
          Collections.sort(ps);
          Json.event("assigned").put("partitions", ps.toString()).print();
        }
      });
      long lastRecord = System.currentTimeMillis();
      long deadline = count == Integer.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + 60_000;
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      while (taken < count && System.currentTimeMillis() - lastRecord < idleMs) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("read " + taken + " of " + count + " records in 60 s");
        for (ConsumerRecord<String, String> r : consumer.poll(200)) {
          if (taken >= count) break;
          Json.event("record").put("partition", r.partition()).put("offset", r.offset()).put("value", r.value()).print();
          ends.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          taken++;
          lastRecord = System.currentTimeMillis();
        }
        // A member commits what it read as it goes, so a partition handed over resumes after it.
        if (count == Integer.MAX_VALUE && !ends.isEmpty()) {
          consumer.commitSync(ends);
          ends.clear();
        }
      }
      if (!ends.isEmpty()) consumer.commitSync(ends);
    }
    Json.event("done").put("records", taken).print();
  }
}
