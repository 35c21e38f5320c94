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

  @Option(names = "--server-pid", defaultValue = "0",
      description = "the server's process id: also report its CPU µs per call (Linux /proc)")
  long serverPid;

  @Option(names = "--json", description = "write the figures here")
  Path json;

  @Override
  public Integer call() throws Exception {
    RmHttp rm = new RmHttp(url);
    ProcessCpu cpu = new ProcessCpu(serverPid);
    String seq = rm.createSequence();
    List<Map<String, Object>> windows = new ArrayList<>();
    System.out.printf("flatness: Sequence %s, %,d Add calls, windows of %,d (window 1 = warm-up)%n",
        seq, messages, window);
    System.out.printf("%8s %12s %12s %10s %12s %16s%n",
        "window", "messages", "µs/call", "calls/s", "slowest ms", "server CPU µs/call");
    long windowStart = System.nanoTime();
    double cpuStart = cpu.millis();
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
        double cpuNow = cpu.millis();
        double cpuPerCall = (cpuNow - cpuStart) * 1e3 / count;
        if (cpu.available()) {
          w.put("server_cpu_us_per_call", Math.round(cpuPerCall * 10) / 10.0);
        }
        windows.add(w);
        System.out.printf("%8d %5d-%-6d %12.0f %10.1f %12.1f %16s%n",
            windows.size(), from, n, usPerCall, count / (ns / 1e9), slowest / 1e6,
            cpu.available() ? String.format("%.0f", cpuPerCall) : "-");
        windowStart = System.nanoTime();
        cpuStart = cpuNow;
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
      System.out.printf("flatness: wall time, last window / window 2 = %.3f (µs/call %.0f -> %.0f; goal within ±10 %%)%n",
          ratio, first, last);
      ratio("server_cpu_us_per_call", windows, out);
    }
    Json.write(json, out);
    return 0;
  }

  /** Last window / window 2, and last window / the mean of windows 2..n-1, of one figure. */
  private static void ratio(String key, List<Map<String, Object>> windows, Map<String, Object> out) {
    if (!windows.get(1).containsKey(key)) {
      return;
    }
    double first = (double) windows.get(1).get(key);
    double last = (double) windows.get(windows.size() - 1).get(key);
    double sum = 0;
    for (int i = 1; i < windows.size() - 1; i++) {
      sum += (double) windows.get(i).get(key);
    }
    double mean = sum / (windows.size() - 2);
    out.put("cpu_ratio_last_to_window2", Math.round(last / first * 1000) / 1000.0);
    out.put("cpu_ratio_last_to_mean_before", Math.round(last / mean * 1000) / 1000.0);
    System.out.printf("flatness: server CPU per call, last window / window 2 = %.3f, last / mean of windows 2..%d = %.3f"
            + " (µs %.0f, mean %.0f -> %.0f)%n",
        last / first, windows.size() - 1, last / mean, first, mean, last);
  }
}
