package streamdash.peers08;

import streamdash.eras.Flags;
import streamdash.eras.Json;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import kafka.api.FetchRequest;
import kafka.api.FetchRequestBuilder;
import kafka.api.PartitionOffsetRequestInfo;
import kafka.common.TopicAndPartition;
import kafka.javaapi.FetchResponse;
import kafka.javaapi.OffsetResponse;
import kafka.javaapi.consumer.SimpleConsumer;
import kafka.message.MessageAndOffset;

/**
 * Kafka 0.8.2's SimpleConsumer: the fetch path of Spark's 0.8 createDirectStream (seed 001's
 * PySpark job). Asks the broker for the partition's earliest and latest offsets (ListOffsets v0),
 * then fetches (Fetch v0) from the earliest to the latest, printing one "record" per message.
 *
 *   SimpleConsumerPeer --broker HOST:PORT --topic T [--partition 0]
 */
public final class SimpleConsumerPeer {
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = Flags.parse(argv);
    String[] hostPort = Flags.required(args, "broker").split(":");
    String topic = Flags.required(args, "topic");
    int partition = Integer.parseInt(args.getOrDefault("partition", "0"));
    SimpleConsumer consumer = new SimpleConsumer(hostPort[0], Integer.parseInt(hostPort[1]), 10000, 64 * 1024, "simple-peer");
    try {
      long earliest = offset(consumer, topic, partition, kafka.api.OffsetRequest.EarliestTime());
      long latest = offset(consumer, topic, partition, kafka.api.OffsetRequest.LatestTime());
      Json.event("offsets").put("earliest", earliest).put("latest", latest).print();
      long next = earliest;
      while (next < latest) {
        FetchRequest req = new FetchRequestBuilder().clientId("simple-peer").addFetch(topic, partition, next, 64 * 1024).build();
        FetchResponse res = consumer.fetch(req);
        if (res.hasError()) throw new IllegalStateException("fetch error code " + res.errorCode(topic, partition));
        boolean any = false;
        for (MessageAndOffset m : res.messageSet(topic, partition)) {
          // A compressed wrapper can hand back messages before the offset asked for; skip them, as Spark does.
          if (m.offset() < next) continue;
          ByteBuffer payload = m.message().payload();
          byte[] bytes = new byte[payload.remaining()];
          payload.get(bytes);
          Json.event("record").put("offset", m.offset()).put("value", new String(bytes, "UTF-8")).print();
          next = m.nextOffset();
          any = true;
        }
        if (!any) throw new IllegalStateException("an empty fetch at offset " + next + " below the latest " + latest);
      }
      Json.event("done").put("next", next).print();
    } catch (Throwable t) {
      Json.error(t);
      System.exit(1);
    } finally {
      consumer.close();
    }
  }

  private static long offset(SimpleConsumer consumer, String topic, int partition, long time) {
    TopicAndPartition tp = new TopicAndPartition(topic, partition);
    kafka.javaapi.OffsetRequest req = new kafka.javaapi.OffsetRequest(Collections.singletonMap(tp, new PartitionOffsetRequestInfo(time, 1)), kafka.api.OffsetRequest.CurrentVersion(), "simple-peer");
    OffsetResponse res = consumer.getOffsetsBefore(req);
    if (res.hasError()) throw new IllegalStateException("offsets error code " + res.errorCode(topic, partition));
    return res.offsets(topic, partition)[0];
  }
}
