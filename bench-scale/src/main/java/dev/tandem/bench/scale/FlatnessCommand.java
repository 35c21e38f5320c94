package dev.tandem.bench.scale;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One WS-RM 1.0 Sequence, {@code --messages} sequential Add calls; per window of {@code --window}
 * calls prints the mean cost (µs/call), the throughput (calls/s) and the slowest call (ms), and
 * the ratio of the last window's cost to the first after the warm-up window (window 1 is warm-up).
 */
@Command(name = "flatness", description = "per-message cost from a Sequence's first message to its last")
final class FlatnessCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "the RM endpoint (…/service.svc)")
  URI url;

  @Option(names = "--messages", defaultValue = "100000", description = "calls in the Sequence")
  int messages;

  @Option(names = "--window", defaultValue = "10000", description = "calls per window")
  int window;

  @Option(names = "--json", description = "write the figures here")
  Path json;

  @Override
  public Integer call() throws Exception {
    RmHttp rm = new RmHttp(url);
    String seq = rm.createSequence();
    List<Map<String, Object>> windows = new ArrayList<>();
    System.out.printf("flatness: Sequence %s, %,d Add calls, windows of %,d (window 1 = warm-up)%n",
        seq, messages, window);
    System.out.printf("%8s %12s %12s %10s %12s%n", "window", "messages", "µs/call", "calls/s", "slowest ms");
    long windowStart = System.nanoTime();
    long slowest = 0;
    int from = 1;
    for (int n = 1; n <= messages; n++) {
      long t0 = System.nanoTime();
      rm.add(seq, n);
      slowest = Math.max(slowest, System.nanoTime() - t0);
      if (n % window == 0 || n == messages) {
        long ns = System.nanoTime() - windowStart;
        int count = n - from + 1;
        double usPerCall = ns / 1e3 / count;
        Map<String, Object> w = Json.map();
        w.put("window", windows.size() + 1);
        w.put("from", from);
        w.put("to", n);
        w.put("us_per_call", Math.round(usPerCall * 10) / 10.0);
        w.put("calls_per_s", Math.round(count / (ns / 1e9) * 10) / 10.0);
        w.put("slowest_ms", Math.round(slowest / 1e5) / 10.0);
        windows.add(w);
        System.out.printf("%8d %5d-%-6d %12.0f %10.1f %12.1f%n",
            windows.size(), from, n, usPerCall, count / (ns / 1e9), slowest / 1e6);
        windowStart = System.nanoTime();
        slowest = 0;
        from = n + 1;
      }
    }
    Map<String, Object> out = Json.map();
    out.put("sequence", seq);
    out.put("messages", messages);
    out.put("window", window);
    out.put("windows", windows);
    if (windows.size() >= 3) {
      double first = (double) windows.get(1).get("us_per_call");
      double last = (double) windows.get(windows.size() - 1).get("us_per_call");
      double ratio = last / first;
      out.put("ratio_last_to_first_after_warmup", Math.round(ratio * 1000) / 1000.0);
      System.out.printf("flatness: last window / window 2 = %.3f (µs/call %.0f -> %.0f; goal within ±10 %%)%n",
          ratio, first, last);
    }
    Json.write(json, out);
    return 0;
  }
}
