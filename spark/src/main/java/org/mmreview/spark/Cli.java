package org.mmreview.spark;

import java.util.ArrayList;
import java.util.List;

/** The job's command line. */
record Cli(SparkAudit.Options options, String db) {
  static final String USAGE =
      "usage: mmreview-spark --out DIR [--previous DIR] [--db FILE] [--path P]... [--enable-rule ID]..."
          + " [--shard-size N] [--url-template T] EPOCH_OR_INBOX...";

  static Cli parse(String[] args) {
    String out = null;
    String previous = null;
    String db = null;
    String url = "https://lore.kernel.org/r/{msgid}";
    int shardSize = 2000;
    List<String> paths = new ArrayList<>();
    List<String> enable = new ArrayList<>();
    List<String> epochs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> out = value(args, ++i, a);
        case "--previous" -> previous = value(args, ++i, a);
        case "--db" -> db = value(args, ++i, a);
        case "--path" -> paths.add(value(args, ++i, a));
        case "--enable-rule" -> enable.add(value(args, ++i, a));
        case "--url-template" -> url = value(args, ++i, a);
        case "--shard-size" -> {
          String v = value(args, ++i, a);
          try {
            shardSize = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard-size takes a number, not '" + v + "'");
          }
          if (shardSize < 1) {
            throw new IllegalArgumentException("--shard-size takes a positive number");
          }
        }
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          epochs.add(a);
        }
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("no epochs or archives given");
    }
    return new Cli(new SparkAudit.Options(epochs, out, previous, paths, enable, url, shardSize), db);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
