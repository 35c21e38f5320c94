package dev.tandem.bench.scale;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * After a (re)start: waits until the endpoint answers its WSDL, then serves a new probe Sequence
 * (CreateSequence + Add 1), then sends every Sequence in {@code --ids} its next message and checks
 * the reply. All times are seconds from {@code --since-epoch-ms} (the server process's start).
 */
@Command(name = "serve", description = "time from server start until every open Sequence is served")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "the RM endpoint (…/service.svc)")
  URI url;

  @Option(names = "--ids", description = "lines \"Identifier nextMessageNumber\" (absent or empty: none)")
  Path ids;

  @Option(names = "--since-epoch-ms", required = true, description = "when the server process started (ms since the epoch)")
  long since;

  @Option(names = "--concurrency", defaultValue = "12", description = "exchanges in flight")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "900", description = "give up waiting for the WSDL after this many s")
  int timeoutSeconds;

  @Option(names = "--server-pid", defaultValue = "0",
      description = "the server's process id: also report the CPU s it used until each point (Linux /proc)")
  long serverPid;

  @Option(names = "--json", description = "write the figures here")
  Path json;

  private double sinceStart() {
    return (System.currentTimeMillis() - since) / 1e3;
  }

  @Override
  public Integer call() throws Exception {
    RmHttp rm = new RmHttp(url);
    List<String[]> open = new ArrayList<>();
    if (ids != null && Files.exists(ids)) {
      for (String line : Files.readAllLines(ids)) {
        if (!line.isBlank()) {
          open.add(line.trim().split(" "));
        }
      }
    }
    while (rm.wsdlStatus() != 200) {
      if (sinceStart() > timeoutSeconds) {
        System.err.println("serve: no WSDL after " + timeoutSeconds + " s");
        return 2;
      }
      Thread.sleep(50);
    }
    double ready = sinceStart();
    ProcessCpu cpu = new ProcessCpu(serverPid);
    double readyCpu = cpu.millis() / 1e3;
    double probeServed;
    String probeFailure = null;
    try {
      String probe = rm.createSequence();
      rm.add(probe, 1);
      probeServed = sinceStart();
    } catch (RmHttp.BadReply e) {
      // E.g. CreateSequenceRefused at tandem.limits.max-open-sequences: the open ones still count.
      probeFailure = e.getMessage();
      probeServed = Double.NaN;
      System.err.println("serve: the new Sequence was not served: " + e.getMessage());
    }
    double probeCpu = cpu.millis() / 1e3;
    long t0 = System.nanoTime();
    long t0Epoch = System.currentTimeMillis();
    Parallel.Result r =
        Parallel.run("serve", open.size(), concurrency, i -> {
          String[] e = open.get(i);
          rm.add(e[0], Long.parseLong(e[1]));
        });
    double first = r.firstSuccessNanos() == Long.MAX_VALUE ? Double.NaN
        : (t0Epoch - since) / 1e3 + (r.firstSuccessNanos() - t0) / 1e9;
    double all = (t0Epoch - since) / 1e3 + (r.endNanos() - t0) / 1e9;
    double serveSeconds = (r.endNanos() - t0) / 1e9;
    double allCpu = cpu.millis() / 1e3;
    if (cpu.available()) {
      System.out.printf("serve: server CPU used since process start: %.1f s at WSDL, %.1f s at the new Sequence served,"
          + " %.1f s with all served (%.0f µs per open Sequence served)%n",
          readyCpu, probeCpu, allCpu, open.isEmpty() ? 0 : (allCpu - probeCpu) * 1e6 / open.size());
    }
    System.out.printf("serve: %,d open Sequences; from process start: WSDL %.2f s, new Sequence served %.2f s,"
            + " first open Sequence served %.2f s, all served %.2f s (%.0f/s over %.1f s), %,d failed%n",
        open.size(), ready, probeServed, first, all,
        open.isEmpty() ? 0 : open.size() / serveSeconds, serveSeconds, r.failures());
    Map<String, Object> out = Json.map();
    out.put("open_sequences", open.size());
    out.put("wsdl_s", round(ready));
    out.put("new_sequence_served_s", Double.isNaN(probeServed) ? null : round(probeServed));
    out.put("new_sequence_failure", probeFailure);
    out.put("first_open_served_s", Double.isNaN(first) ? null : round(first));
    out.put("all_served_s", round(open.isEmpty() ? probeServed : all));
    out.put("serving_s", round(serveSeconds));
    out.put("served_per_s", open.isEmpty() ? null : Math.round(open.size() / serveSeconds));
    if (cpu.available()) {
      out.put("server_cpu_s_at_wsdl", round(readyCpu));
      out.put("server_cpu_s_at_new_sequence_served", round(probeCpu));
      out.put("server_cpu_s_at_all_served", round(allCpu));
    }
    out.put("failed", r.failures());
    out.put("first_failure", r.firstFailure());
    Json.write(json, out);
    return r.failures() == 0 ? 0 : 1;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
