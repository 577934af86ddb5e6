package streamdash.eras;

import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per stdout line, as the Kafka 4.4 peers print them, for every older era's peers (Java 8, so no pattern matching). */
public final class Json {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public static Json event(String name) {
    return new Json().put("event", name);
  }

  public Json put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  public void print() {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      string(sb, e.getKey());
      sb.append(':');
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) sb.append(v);
      else if (v == null) sb.append("null");
      else string(sb, v.toString());
    }
    System.out.println(sb.append('}'));
    System.out.flush();
  }

  public static void error(Throwable t) {
    event("error").put("type", t.getClass().getName()).put("message", String.valueOf(t.getMessage())).print();
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    sb.append('"');
  }
}
