package dev.tandem.bench.scale;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Who holds the objects of a class: in a heap dump, counts the references to its instances by the
 * referrer's class and field, then follows the most frequent referrer up, {@code --levels} times
 * (so a chain such as byte[] &lt;- String.value &lt;- Entity.id &lt;- ... &lt;- the owning map's
 * field). Each referrer kind is weighted by how many of the class's instances it reaches (so the
 * one big map outweighs many small ones); counts are objects, not bytes.
 */
@Command(name = "heap-referrers", description = "referrer chains of a class's instances in an HPROF dump")
final class HeapReferrersCommand implements Callable<Integer> {
  @Option(names = "--hprof", required = true) Path hprof;
  @Option(names = "--class", required = true, description = "class name as in the class histogram, e.g. java.util.concurrent.ConcurrentHashMap$Node") String className;
  @Option(names = "--levels", defaultValue = "6") int levels;
  @Option(names = "--top", defaultValue = "6", description = "referrer kinds printed per level") int top;

  @Override
  public Integer call() throws Exception {
    Hprof dump = new Hprof(hprof);
    dump.scan(null);
    Long cid = dump.classNames.entrySet().stream()
        .filter(e -> e.getValue().equals(className)).map(Map.Entry::getKey).findFirst().orElse(null);
    if (cid == null) {
      System.err.println("heap-referrers: no class " + className);
      return 2;
    }
    final long target = cid;
    LongLongMap targets = new LongLongMap();
    long[] count = {0};
    // Level 0: every referenced instance of the class.
    dump.scan((from, fromClass, field, to) -> {
      if (dump.classOf.get(to) == target && targets.get(to) == 0) {
        targets.put(to, 1);
        count[0]++;
      }
    });
    System.out.printf("heap-referrers: %,d referenced instances of %s%n", count[0], className);
    String current = className;
    for (int level = 1; level <= levels; level++) {
      Map<String, long[]> kinds = new HashMap<>();
      Map<String, LongLongMap> holders = new HashMap<>();
      dump.scan((from, fromClass, field, to) -> {
        long w = targets.get(to);
        if (w != 0) {
          String key = dump.classNameOfClassId(fromClass) + (field.equals("[]") ? "[]" : "." + field);
          kinds.computeIfAbsent(key, k -> new long[1])[0] += w;
          LongLongMap h = holders.computeIfAbsent(key, k -> new LongLongMap());
          h.put(from, h.get(from) + w);
        }
      });
      // The most frequent referrer that is not the class itself (a linked list's next field).
      String self = current;
      String best = kinds.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
          .map(Map.Entry::getKey)
          .filter(k -> !k.startsWith(self + ".") && !k.equals(self + "[]"))
          .findFirst().orElse(null);
      final int lv = level;
      kinds.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
          .limit(top)
          .forEach(e -> System.out.printf("  level %d: %,12d %s reached from %s (%,d holders)%n",
              lv, e.getValue()[0], className, e.getKey(), holders.get(e.getKey()).size()));
      if (best == null) {
        break;
      }
      System.out.printf("  -> following %s%n", best);
      LongLongMap next = holders.get(best);
      current = best.endsWith("[]") ? best.substring(0, best.length() - 2) : best.substring(0, best.lastIndexOf('.'));
      copy(next, targets);
    }
    return 0;
  }

  private static void copy(LongLongMap from, LongLongMap into) {
    into.clear();
    from.forEachKey(k -> into.put(k, from.get(k)));
  }
}
