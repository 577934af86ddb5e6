package streamdash.peers;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One instance of a Kafka Streams keyed count under {@code processing.guarantee=exactly_once_v2}:
 * {@code stream(--input).groupByKey().count()} written to --output as "key -> count" strings, one
 * update per input record (no record cache). Runs until SIGTERM, then closes cleanly (committing)
 * and prints "done"; a kill -9 leaves its transaction open for the broker or its successor to abort.
 * Prints "state" on every state change and "counted" (key, count) per update it processes, which
 * an aborted transaction may later undo: only a read_committed reader of --output says what counts.
 *
 * <p>With --pause-after K, the K-th update it processes holds its stream thread for good after
 * printing "paused": the test's kill -9 then lands in an open transaction whose records the broker
 * already has.
 *
 * <p>Options: --application-id, --state-dir (reuse it across restarts to keep the process id and
 * so the transactional id), --config key=value (streams properties).
 */
public final class StreamsCountPeer {
  public static void main(String[] argv) {
    try {
      System.exit(run(new Args("streams-count", argv)));
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  private static int run(Args args) throws Exception {
    String input = args.required("input");
    String output = args.required("output");

    Properties p = args.clientProperties();
    p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, args.get("application-id", "streamdash-streams-count"));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    // No record cache: every count reaches the output, so a skipped or repeated one shows.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.STATE_DIR_CONFIG, args.get("state-dir", Files.createTempDirectory("streams-count").toString()));
    p.putIfAbsent("auto.offset.reset", "earliest");

    int pauseAfter = args.integer("pause-after", 0);
    AtomicInteger updates = new AtomicInteger();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Long> counts = builder.stream(input, Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count().toStream();
    counts.mapValues(String::valueOf).to(output, Produced.with(Serdes.String(), Serdes.String()));
    // After the sink above, so the update that pauses is already in the open transaction.
    counts.foreach((key, n) -> {
      Json.event("counted").put("key", key).put("count", n).print();
      if (updates.incrementAndGet() == pauseAfter) pauseForever();
    });

    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    // The JVM halts once its hooks return: this one holds it until the close below has committed.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    streams.setStateListener((now, before) -> Json.event("state").put("state", now.name()).put("from", before.name()).print());
    streams.setUncaughtExceptionHandler(e -> {
      Json.error(e);
      stop.countDown();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    stop.await();
    boolean closed = streams.close(Duration.ofSeconds(20));
    Json.event("done").put("closed", closed).print();
    finished.countDown();
    return closed ? 0 : 1;
  }

  /** Holds the stream thread mid-transaction (its records sent, nothing committed) until the process is killed. */
  private static void pauseForever() {
    Json.event("paused").print();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
