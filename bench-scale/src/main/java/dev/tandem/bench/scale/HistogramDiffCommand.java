package dev.tandem.bench.scale;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Heap per open Sequence: the live-object histogram after opening {@code --sequences} Sequences
 * minus the one before, divided by their number (bytes per Sequence, shallow sizes), in total, per
 * group of classes (Tandem, Hibernate, H2, PostgreSQL driver, Payara/EJB, JDK) and for the classes
 * that grew most.
 */
@Command(name = "histo-diff", description = "heap per open Sequence from two jcmd GC.class_histogram files")
final class HistogramDiffCommand implements Callable<Integer> {
  @Option(names = "--before", required = true) Path before;
  @Option(names = "--after", required = true) Path after;
  @Option(names = "--sequences", required = true, description = "Sequences opened in between") long sequences;
  @Option(names = "--top", defaultValue = "30", description = "classes to list") int top;
  @Option(names = "--label", defaultValue = "", description = "printed in the heading") String label;
  @Option(names = "--json", description = "write the figures here") Path json;

  static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("dev.tandem.", "tandem");
    GROUPS.put("org.hibernate.", "hibernate");
    GROUPS.put("org.h2.", "h2");
    GROUPS.put("org.postgresql.", "pgjdbc");
    GROUPS.put("com.sun.ejb.", "payara-ejb");
    GROUPS.put("com.sun.enterprise.", "payara");
    GROUPS.put("org.glassfish.", "glassfish");
    GROUPS.put("fish.payara.", "payara");
    GROUPS.put("org.jboss.weld.", "weld");
    GROUPS.put("com.sun.xml.", "metro");
  }

  static String group(String name) {
    // An array of objects ("[Lorg.h2.value.Value;") belongs with its element class.
    String cls = name.replaceFirst("^\\[+L", "");
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (cls.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return cls.startsWith("java.") || cls.startsWith("[") || cls.startsWith("jdk.") ? "jdk+arrays" : "other";
  }

  @Override
  public Integer call() throws Exception {
    Histogram b = Histogram.read(before);
    Histogram a = Histogram.read(after);
    long delta = a.totalBytes() - b.totalBytes();
    double perSeq = (double) delta / sequences;
    System.out.printf("idle%s: live heap %,d -> %,d bytes after full GC: +%,d bytes for %,d Sequences = %.0f bytes/Sequence%n",
        label.isEmpty() ? "" : " (" + label + ")", b.totalBytes(), a.totalBytes(), delta, sequences, perSeq);
    Set<String> names = new HashSet<>(a.classes().keySet());
    names.addAll(b.classes().keySet());
    List<Object[]> rows = new ArrayList<>();
    Map<String, Long> groups = new LinkedHashMap<>();
    for (String n : names) {
      long di = a.of(n)[0] - b.of(n)[0];
      long db = a.of(n)[1] - b.of(n)[1];
      rows.add(new Object[] {n, di, db});
      groups.merge(group(n), db, Long::sum);
    }
    rows.sort((x, y) -> Long.compare((long) y[2], (long) x[2]));
    System.out.println("  by group (bytes/Sequence):");
    Map<String, Object> groupOut = Json.map();
    groups.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .forEach(e -> {
          System.out.printf("    %-12s %8.1f%n", e.getKey(), (double) e.getValue() / sequences);
          groupOut.put(e.getKey(), Math.round((double) e.getValue() / sequences * 10) / 10.0);
        });
    System.out.printf("  %-90s %12s %12s%n", "class grown most (shallow)", "inst/Seq", "bytes/Seq");
    List<Object> classOut = new ArrayList<>();
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      Object[] r = rows.get(i);
      double ips = (long) r[1] / (double) sequences;
      double bps = (long) r[2] / (double) sequences;
      System.out.printf("  %-90s %12.2f %12.1f%n", r[0], ips, bps);
      Map<String, Object> c = Json.map();
      c.put("class", r[0]);
      c.put("instances_per_sequence", Math.round(ips * 100) / 100.0);
      c.put("bytes_per_sequence", Math.round(bps * 10) / 10.0);
      classOut.add(c);
    }
    Map<String, Object> out = Json.map();
    out.put("label", label);
    out.put("sequences", sequences);
    out.put("live_bytes_before", b.totalBytes());
    out.put("live_bytes_after", a.totalBytes());
    out.put("bytes_per_sequence", Math.round(perSeq));
    out.put("bytes_per_sequence_by_group", groupOut);
    out.put("top_classes", classOut);
    Json.write(json, out);
    return 0;
  }
}
