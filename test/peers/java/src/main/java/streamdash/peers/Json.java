package streamdash.peers;

import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per output line, the only thing the peers print on stdout. */
final class Json {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  static Json event(String name) {
    return new Json().put("event", name);
  }

  Json put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  void print() {
    StringBuilder sb = new StringBuilder();
    write(sb, fields);
    System.out.println(sb);
    System.out.flush();
  }

  /** An error as the last line: its class and message, so a test failure says what went wrong. */
  static void error(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    event("error").put("type", t.getClass().getName()).put("message", String.valueOf(t.getMessage()))
        .put("rootType", root.getClass().getName()).put("rootMessage", String.valueOf(root.getMessage())).print();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) sb.append("null");
    else if (v instanceof Number || v instanceof Boolean) sb.append(v);
    else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        string(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Iterable<?> it) {
      sb.append('[');
      boolean first = true;
      for (Object o : it) {
        if (!first) sb.append(',');
        first = false;
        write(sb, o);
      }
      sb.append(']');
    } else string(sb, v.toString());
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
