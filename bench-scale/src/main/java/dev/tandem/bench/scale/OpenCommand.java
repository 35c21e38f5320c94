package dev.tandem.bench.scale;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Opens {@code --sequences} Sequences, {@code --concurrency} at a time, each with a CreateSequence
 * and {@code --messages} Add calls, none terminated; appends "Identifier nextMessageNumber" lines to
 * {@code --ids}. Prints the time taken (s) and the rate (Sequences/s).
 */
@Command(name = "open", description = "open many idle Sequences")
final class OpenCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "the RM endpoint (…/service.svc)")
  URI url;

  @Option(names = "--sequences", defaultValue = "100000", description = "Sequences to open")
  int sequences;

  @Option(names = "--messages", defaultValue = "1", description = "Add calls in each")
  int messages;

  @Option(names = "--concurrency", defaultValue = "12", description = "exchanges in flight")
  int concurrency;

  @Option(names = "--ids", description = "append each Identifier and its next message number here")
  Path ids;

  @Option(names = "--json", description = "write the figures here")
  Path json;

  @Override
  public Integer call() throws Exception {
    RmHttp rm = new RmHttp(url);
    String[] opened = new String[sequences];
    long t0 = System.nanoTime();
    Parallel.Result r =
        Parallel.run("open", sequences, concurrency, i -> {
          String seq = rm.createSequence();
          for (int n = 1; n <= messages; n++) {
            rm.add(seq, n);
          }
          opened[i] = seq;
        });
    double s = (r.endNanos() - t0) / 1e9;
    if (ids != null) {
      StringBuilder b = new StringBuilder();
      for (String id : opened) {
        if (id != null) {
          b.append(id).append(' ').append(messages + 1).append('\n');
        }
      }
      if (ids.getParent() != null) {
        Files.createDirectories(ids.getParent());
      }
      Files.writeString(ids, b.toString(), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    int ok = sequences - r.failures();
    System.out.printf("open: %,d Sequences (%d Add each) in %.1f s, %.0f Sequences/s, %,d failed%n",
        ok, messages, s, ok / s, r.failures());
    Map<String, Object> out = Json.map();
    out.put("sequences", ok);
    out.put("failed", r.failures());
    out.put("messages_each", messages);
    out.put("concurrency", concurrency);
    out.put("seconds", Math.round(s * 10) / 10.0);
    out.put("sequences_per_s", Math.round(ok / s));
    out.put("first_failure", r.firstFailure());
    Json.write(json, out);
    return r.failures() == 0 ? 0 : 1;
  }
}
