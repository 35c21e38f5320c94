package dev.tandem.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code jcmd <pid> GC.class_histogram} (live objects after a full GC): instances and
 * shallow bytes per class, and the total line.
 */
record Histogram(Map<String, long[]> classes, long totalBytes, long totalInstances) {
  // "   1:     123456    7890123  [B (java.base@17.0.1)"
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  static Histogram read(Path file) throws IOException {
    Map<String, long[]> classes = new HashMap<>();
    long total = 0;
    long instances = 0;
    for (String line : Files.readAllLines(file)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        continue;
      }
      Matcher t = TOTAL.matcher(line);
      if (t.find()) {
        instances = Long.parseLong(t.group(1));
        total = Long.parseLong(t.group(2));
      }
    }
    return new Histogram(classes, total, instances);
  }

  /** {instances, bytes} of {@code name}, zeros when absent. */
  long[] of(String name) {
    return classes.getOrDefault(name, new long[2]);
  }
}
