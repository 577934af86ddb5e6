package streamdash.peers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command line every peer shares: {@code --bootstrap HOST:PORT --topic T --count N}
 * and named options {@code --name value}; {@code --config key=value} (repeatable) passes a
 * client property through unchanged. Unknown or malformed input is an error naming it.
 */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final List<String> configs = new ArrayList<>();
  private final String program;

  Args(String program, String[] argv) {
    this.program = program;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException(program + ": expected --option, got '" + a + "'");
      String name = a.substring(2);
      if (i + 1 >= argv.length) throw new IllegalArgumentException(program + ": --" + name + " needs a value");
      String value = argv[++i];
      if (name.equals("config")) configs.add(value);
      else values.put(name, value);
    }
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) throw new IllegalArgumentException(program + ": --" + name + " is required");
    return v;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  int integer(String name, int fallback) {
    String v = values.get(name);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " must be an integer, got '" + v + "'");
    }
  }

  long longValue(String name, long fallback) {
    String v = values.get(name);
    if (v == null) return fallback;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(program + ": --" + name + " must be an integer, got '" + v + "'");
    }
  }

  /** The client properties: bootstrap.servers, then every --config key=value. */
  Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", required("bootstrap"));
    for (String kv : configs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException(program + ": --config takes key=value, got '" + kv + "'");
      p.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return p;
  }
}
