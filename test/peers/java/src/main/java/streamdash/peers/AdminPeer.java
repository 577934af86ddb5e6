package streamdash.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * kafka-clients' Admin, one operation per run (--op), one JSON line with its result:
 * create (--topic, --partitions, --replication, --config-entry k=v), list, describe (--topic),
 * delete (--topic), cluster, describe-configs (--topic), delete-records (--topic,
 * --partition, --offset).
 */
public final class AdminPeer {
  public static void main(String[] argv) {
    try {
      run(new Args("admin", argv));
      System.exit(0);
    } catch (Exception e) {
      Json.error(e);
      System.exit(1);
    }
  }

  private static void run(Args args) throws Exception {
    Properties p = new Properties();
    p.put("client.id", "streamdash-java-admin");
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "15000");
    p.putAll(args.clientProperties());
    String op = args.required("op");
    try (Admin admin = Admin.create(p)) {
      switch (op) {
        case "create" -> {
          String topic = args.required("topic");
          NewTopic t = new NewTopic(topic, args.integer("partitions", 1), (short) args.integer("replication", 1));
          if (args.has("config-entry")) {
            String kv = args.required("config-entry");
            t.configs(Map.of(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
          }
          admin.createTopics(List.of(t)).all().get();
          Json.event("created").put("topic", topic).print();
        }
        case "list" -> Json.event("topics").put("names", new TreeSet<>(admin.listTopics().names().get())).print();
        case "describe" -> {
          String topic = args.required("topic");
          TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
          List<Object> parts = new ArrayList<>();
          for (TopicPartitionInfo info : d.partitions()) {
            parts.add(Map.of("partition", info.partition(), "leader", info.leader() == null ? -1 : info.leader().id(),
                "replicas", ids(info.replicas()), "isr", ids(info.isr())));
          }
          Json.event("topic").put("name", d.name()).put("internal", d.isInternal()).put("partitions", parts).print();
        }
        case "delete" -> {
          String topic = args.required("topic");
          admin.deleteTopics(List.of(topic)).all().get();
          Json.event("deleted").put("topic", topic).print();
        }
        case "cluster" -> {
          DescribeClusterResult c = admin.describeCluster();
          Json.event("cluster").put("clusterId", c.clusterId().get()).put("nodes", ids(c.nodes().get()))
              .put("controller", c.controller().get() == null ? -1 : c.controller().get().id()).print();
        }
        case "describe-configs" -> {
          ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, args.required("topic"));
          Config config = admin.describeConfigs(List.of(r)).all().get().get(r);
          Map<String, String> values = new java.util.TreeMap<>();
          for (ConfigEntry e : config.entries()) values.put(e.name(), e.value());
          Json.event("configs").put("configs", values).print();
        }
        case "delete-records" -> {
          TopicPartition tp = new TopicPartition(args.required("topic"), args.integer("partition", 0));
          long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(args.longValue("offset", 0)))).lowWatermarks().get(tp).get().lowWatermark();
          Json.event("deletedRecords").put("partition", tp.partition()).put("lowWatermark", low).print();
        }
        default -> throw new IllegalArgumentException("admin: unknown --op '" + op + "' (create, list, describe, delete, cluster, describe-configs, delete-records)");
      }
    }
  }

  private static List<Integer> ids(Iterable<Node> nodes) {
    List<Integer> out = new ArrayList<>();
    for (Node n : nodes) out.add(n.id());
    return out;
  }
}
