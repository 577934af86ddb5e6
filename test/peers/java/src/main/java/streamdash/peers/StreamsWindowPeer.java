package streamdash.peers;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * Kafka Streams' own answer to a windowed count with a grace period and final results:
 * {@code stream(--topic).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(--size-ms, --grace-ms)
 * .advanceBy(--advance-ms)).count().suppress(untilWindowCloses(unbounded()))}. Prints one "window" line per result
 * (key, start, end, count) as it comes; after --count of them it waits --settle-ms for any extra
 * one, then prints "done" and stops.
 *
 * <p>Options: --advance-ms (hopping windows; default the size), --application-id, --timeout-ms,
 * --config key=value (streams properties).
 */
public final class StreamsWindowPeer {
  public static void main(String[] argv) {
    try {
      System.exit(run(new Args("streams-window", argv)));
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  private static int run(Args args) throws Exception {
    String topic = args.required("topic");
    int count = args.integer("count", 1);
    long size = args.longValue("size-ms", 1000);
    long grace = args.longValue("grace-ms", 0);
    long advance = args.longValue("advance-ms", size);
    long settle = args.longValue("settle-ms", 1500);
    long timeout = args.longValue("timeout-ms", 60000);

    Properties p = args.clientProperties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args.get("application-id", "streamdash-streams-window"));
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // No record cache: every update reaches the suppression at once, as in streamdash.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("streams-window").toString());
    p.putIfAbsent("auto.offset.reset", "earliest");

    CountDownLatch results = new CountDownLatch(count);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(size), Duration.ofMillis(grace)).advanceBy(Duration.ofMillis(advance)))
        .count()
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .foreach((windowed, n) -> {
          Json.event("window").put("key", windowed.key()).put("start", windowed.window().start())
              .put("end", windowed.window().end()).put("count", n).print();
          results.countDown();
        });

    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
      streams.setUncaughtExceptionHandler(e -> {
        failure.set(e);
        while (results.getCount() > 0) results.countDown();
        return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.start();
      boolean all = results.await(timeout, TimeUnit.MILLISECONDS);
      if (failure.get() != null) throw new IllegalStateException("Kafka Streams stopped", failure.get());
      if (!all) throw new IllegalStateException("streams-window: " + results.getCount() + " of " + count + " results missing after " + timeout + " ms");
      Thread.sleep(settle);
      streams.close(Duration.ofSeconds(10));
    }
    Json.event("done").print();
    return 0;
  }
}
