package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark's table and ratios from the runs' JSON lines ({@link Drive}): one row per server
 * endpoint and client, a column of calls/s per session count; PostgreSQL transactions, write
 * transactions and WAL bytes per message and the slowest call (ms) for each session count, "a / b" in
 * session-count order. Writes everything to {@code --json} as well.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Prints the benchmark table and ratios; writes results.json.")
public final class Report implements Callable<Integer> {
  /** A ratio of two rows' calls/s, same client, same session count. */
  record Ratio(String name, String numeratorId, String denominatorId) {}

  /** One computed ratio. */
  record RatioValue(String name, String client, int sessions, Double value) {}

  /** What results.json holds. */
  record Results(String generatedAt, String command, List<RunResult> runs, List<RatioValue> ratios, String table) {}

  static final List<Ratio> RATIOS =
      List.of(
          new Ratio("Tandem RM on PostgreSQL / Metro RM in memory", "tandem-pg", "metro-rm"),
          new Ratio("Tandem RM on PostgreSQL / CXF RM on PostgreSQL", "tandem-pg", "cxf-pg"),
          new Ratio("Tandem plain / Metro plain", "tandem-plain", "metro-plain"));

  @Option(names = "--runs", required = true, description = "The runs' JSON lines.")
  Path runs;

  @Option(names = "--json", description = "Where to write results.json.")
  Path json;

  @Option(names = "--command", defaultValue = "", description = "The command line that produced the runs (recorded).")
  String command;

  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Report()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<RunResult> all = new ArrayList<>();
    for (String line : Files.readAllLines(runs)) {
      if (!line.isBlank()) {
        all.add(mapper.readValue(line, RunResult.class));
      }
    }
    String table = table(all) + "\n" + ratios(all);
    PrintWriter out = spec.commandLine().getOut();
    out.print(table);
    out.flush();
    if (json != null) {
      Results r = new Results(Instant.now().toString(), command, all, ratioValues(all), table);
      mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
    }
    return 0;
  }

  static List<Integer> sessionCounts(List<RunResult> runs) {
    return runs.stream().map(RunResult::sessions).distinct().sorted().toList();
  }

  /** Runs grouped by row (id and client), in the order the rows first appear. */
  static Map<String, List<RunResult>> rows(List<RunResult> runs) {
    Map<String, List<RunResult>> rows = new LinkedHashMap<>();
    for (RunResult r : runs) {
      rows.computeIfAbsent(r.id() + "\t" + r.client(), k -> new ArrayList<>()).add(r);
    }
    return rows;
  }

  static String table(List<RunResult> runs) {
    List<Integer> counts = sessionCounts(runs);
    String per = counts.size() > 1 ? " (" + join(counts, String::valueOf) + " sessions)" : "";
    StringBuilder b = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("server", "store", "client"));
    for (int n : counts) {
      head.add("calls/s, " + n + (n == 1 ? " session" : " sessions"));
    }
    head.addAll(List.of("PG tx / message" + per, "PG write tx / message" + per, "WAL bytes / message" + per, "slowest call, ms" + per));
    line(b, head);
    line(b, head.stream().map(h -> "---").toList());
    for (List<RunResult> row : rows(runs).values()) {
      RunResult first = row.get(0);
      List<String> cells = new ArrayList<>(List.of(first.server() + " " + first.endpoint(), first.store(), first.client()));
      for (int n : counts) {
        RunResult r = find(row, n);
        cells.add(r == null ? "" : r.error() != null ? "failed" : format(r.callsPerSecond(), 0));
      }
      cells.add(perCount(row, counts, r -> format(r.pgTransactionsPerMessage(), 2)));
      cells.add(perCount(row, counts, r -> format(r.pgWriteTransactionsPerMessage(), 2)));
      cells.add(perCount(row, counts, r -> format(r.walBytesPerMessage(), 0)));
      cells.add(perCount(row, counts, r -> format(r.slowestCallMs(), 0)));
      line(b, cells);
    }
    for (RunResult r : runs) {
      if (r.error() != null) {
        b.append("failed: ").append(r.id()).append(' ').append(r.client()).append(", ").append(r.sessions())
            .append(" session(s): ").append(r.error()).append('\n');
      }
    }
    return b.toString();
  }

  static String ratios(List<RunResult> runs) {
    List<Integer> counts = sessionCounts(runs);
    StringBuilder b = new StringBuilder();
    if (ratioValues(runs).isEmpty()) {
      return "(no ratios: a row they compare was not run or failed)\n";
    }
    List<String> head = new ArrayList<>(List.of("ratio of calls/s", "client"));
    counts.forEach(n -> head.add(n + (n == 1 ? " session" : " sessions")));
    line(b, head);
    line(b, head.stream().map(h -> "---").toList());
    List<RatioValue> values = ratioValues(runs);
    for (Ratio ratio : RATIOS) {
      for (String client : List.of("Metro", "Tandem")) {
        List<String> cells = new ArrayList<>(List.of(ratio.name(), client));
        boolean any = false;
        for (int n : counts) {
          Double v = values.stream()
              .filter(x -> x.name().equals(ratio.name()) && x.client().equals(client) && x.sessions() == n)
              .map(RatioValue::value).filter(Objects::nonNull).findFirst().orElse(null);
          any |= v != null;
          cells.add(format(v, 2));
        }
        if (any) {
          line(b, cells);
        }
      }
    }
    return b.toString();
  }

  static List<RatioValue> ratioValues(List<RunResult> runs) {
    List<RatioValue> values = new ArrayList<>();
    for (Ratio ratio : RATIOS) {
      for (String client : List.of("Metro", "Tandem")) {
        for (int n : sessionCounts(runs)) {
          Double num = rate(runs, ratio.numeratorId(), client, n);
          Double den = rate(runs, ratio.denominatorId(), client, n);
          if (num != null && den != null) {
            values.add(new RatioValue(ratio.name(), client, n, num / den));
          }
        }
      }
    }
    return values;
  }

  private static Double rate(List<RunResult> runs, String id, String client, int sessions) {
    return runs.stream()
        .filter(r -> r.id().equals(id) && r.client().equals(client) && r.sessions() == sessions)
        .map(RunResult::callsPerSecond).filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static RunResult find(List<RunResult> row, int sessions) {
    return row.stream().filter(r -> r.sessions() == sessions).findFirst().orElse(null);
  }

  /** The cell of each session count, "a / b"; empty when no run has a value. */
  private static String perCount(List<RunResult> row, List<Integer> counts, Function<RunResult, String> cell) {
    List<String> parts = new ArrayList<>();
    for (int n : counts) {
      RunResult r = find(row, n);
      parts.add(r == null ? "–" : cell.apply(r));
    }
    return parts.stream().allMatch("–"::equals) ? "–" : String.join(" / ", parts);
  }

  private static String format(Double v, int decimals) {
    if (v == null) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  private static <T> String join(List<T> xs, Function<T, String> f) {
    return String.join(" / ", xs.stream().map(f).toList());
  }

  private static void line(StringBuilder b, List<String> cells) {
    b.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
