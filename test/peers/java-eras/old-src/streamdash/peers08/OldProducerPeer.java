package streamdash.peers08;

import streamdash.eras.Flags;
import streamdash.eras.Json;

import java.util.Map;
import java.util.Properties;
import kafka.javaapi.producer.Producer;
import kafka.producer.KeyedMessage;
import kafka.producer.ProducerConfig;

/**
 * Kafka 0.8.2's Scala producer, configured as seed 001's UserBehaviorMsgProducer configures it
 * (metadata.broker.list, kafka.serializer.StringEncoder, producer.type async), sending --count
 * messages `<prefix>-<i>` without a key, as the seed sends its page|clicks|stay|like lines. The
 * seed is Scala 2.10, whose compiler cannot run on Java 9 or later; this is the same API from Java.
 * Prints one "sent" event per message and a "done" once close() has flushed the async queue.
 *
 *   OldProducerPeer --broker-list HOST:PORT --topic T --count N [--prefix P] [--type async|sync] [--codec none|gzip|snappy]
 */
public final class OldProducerPeer {
  public static void main(String[] argv) {
    Map<String, String> args = Flags.parse(argv);
    Properties props = new Properties();
    props.put("metadata.broker.list", Flags.required(args, "broker-list"));
    props.put("serializer.class", "kafka.serializer.StringEncoder");
    props.put("producer.type", args.getOrDefault("type", "async"));
    props.put("compression.codec", args.getOrDefault("codec", "none"));
    props.put("request.required.acks", "1");
    String topic = Flags.required(args, "topic");
    int count = Integer.parseInt(Flags.required(args, "count"));
    String prefix = args.getOrDefault("prefix", "msg");
    try {
      Producer<String, String> producer = new Producer<>(new ProducerConfig(props));
      for (int i = 0; i < count; i++) {
        producer.send(new KeyedMessage<String, String>(topic, prefix + "-" + i));
        Json.event("sent").put("value", prefix + "-" + i).print();
      }
      producer.close();
      Json.event("done").put("sent", count).print();
    } catch (Throwable t) {
      Json.error(t);
      System.exit(1);
    }
  }
}
