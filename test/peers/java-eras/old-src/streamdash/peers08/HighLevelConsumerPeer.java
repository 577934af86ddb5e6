package streamdash.peers08;

import streamdash.eras.Flags;
import streamdash.eras.Json;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import kafka.consumer.Consumer;
import kafka.consumer.ConsumerConfig;
import kafka.consumer.ConsumerIterator;
import kafka.consumer.ConsumerTimeoutException;
import kafka.consumer.KafkaStream;
import kafka.javaapi.consumer.ConsumerConnector;
import kafka.message.MessageAndMetadata;

/**
 * Kafka 0.8.2's high-level consumer (ZookeeperConsumerConnector, the engine under Spark's
 * KafkaUtils.createStream) in a group: it registers in ZooKeeper, claims partitions there,
 * fetches from the broker and stores its offsets in ZooKeeper. Prints one JSON line per
 * record; stops when no record came for --idle-ms, or on SIGTERM, committing its offsets and
 * leaving the group either way.
 *
 *   HighLevelConsumerPeer --zookeeper HOST:PORT --group G --topic T [--idle-ms 15000] [--client-id ID]
 */
public final class HighLevelConsumerPeer {
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = Flags.parse(argv);
    Properties props = new Properties();
    props.put("zookeeper.connect", Flags.required(args, "zookeeper"));
    props.put("group.id", Flags.required(args, "group"));
    props.put("consumer.id", args.getOrDefault("client-id", "peer"));
    props.put("auto.offset.reset", "smallest");
    props.put("auto.commit.interval.ms", "500");
    props.put("consumer.timeout.ms", args.getOrDefault("idle-ms", "15000"));
    props.put("zookeeper.session.timeout.ms", "6000");
    props.put("rebalance.backoff.ms", "500");
    props.put("rebalance.max.retries", "20");
    String topic = Flags.required(args, "topic");

    ConsumerConnector connector = Consumer.createJavaConsumerConnector(new ConsumerConfig(props));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      connector.shutdown();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    long count = 0;
    try {
      List<KafkaStream<byte[], byte[]>> streams = connector.createMessageStreams(Collections.singletonMap(topic, 1)).get(topic);
      Json.event("started").put("topic", topic).print();
      ConsumerIterator<byte[], byte[]> it = streams.get(0).iterator();
      try {
        while (it.hasNext()) {
          MessageAndMetadata<byte[], byte[]> m = it.next();
          Json.event("record").put("partition", m.partition()).put("offset", m.offset()).put("value", new String(m.message(), "UTF-8")).print();
          count++;
        }
      } catch (ConsumerTimeoutException idle) {
        // No record for --idle-ms: the normal end of a run.
      }
      connector.commitOffsets();
      connector.shutdown();
      Json.event("done").put("records", count).print();
    } catch (Throwable t) {
      stopped.countDown();
      Json.error(t);
      System.exit(1);
    }
    stopped.countDown();
  }
}
