package streamdash.eras;

import java.util.HashMap;
import java.util.Map;

/** `--name value` pairs, the command-line shape every peer program shares, for the older eras' peers. */
public final class Flags {
  public static Map<String, String> parse(String[] argv) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException("expected --name value pairs, got: " + argv[i]);
      out.put(argv[i].substring(2), argv[++i]);
    }
    return out;
  }

  public static String required(Map<String, String> args, String name) {
    String v = args.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }
}
