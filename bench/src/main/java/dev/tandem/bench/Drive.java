package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One benchmark run: one client (Metro's or Tandem's) against one endpoint with {@code --sessions}
 * concurrent sessions ({@link Workload}), optionally with the PostgreSQL counters of the server's
 * database around the timed phase ({@link PgMeter}). Prints the result as one JSON line and appends it
 * to {@code --results}. Exit 0 even when the run failed (the line says why); 2 on bad options.
 */
@Command(name = "drive", mixinStandardHelpOptions = true, description = "One benchmark run; prints one JSON line.")
public final class Drive implements Callable<Integer> {
  enum Client { metro, tandem }

  @Option(names = "--client", required = true, description = "metro or tandem.")
  Client client;

  @Option(names = "--url", required = true, description = "The endpoint.")
  URI url;

  @Option(names = "--rm", negatable = true, defaultValue = "true", fallbackValue = "true", description = "WS-RM 1.0 (default); --no-rm for a plain endpoint.")
  boolean rm;

  @Option(names = "--sessions", defaultValue = "1", description = "Concurrent sessions. Default: ${DEFAULT-VALUE}.")
  int sessions;

  @Option(names = "--warmup", defaultValue = "300", description = "Warm-up calls per session. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--calls", defaultValue = "1000", description = "Timed calls per session. Default: ${DEFAULT-VALUE}.")
  int calls;

  @Option(names = "--id", required = true, description = "The result row's id (e.g. tandem-pg).")
  String id;

  @Option(names = "--server", required = true, description = "Label: the server, e.g. Tandem.")
  String server;

  @Option(names = "--endpoint", defaultValue = "", description = "Label: the endpoint, e.g. /service.svc (RM).")
  String endpoint;

  @Option(names = "--store", defaultValue = "-", description = "Label: the server's store, e.g. PostgreSQL.")
  String store;

  @Option(names = "--pg-url", description = "JDBC URL of the server's PostgreSQL database: measure transactions and WAL.")
  String pgUrl;

  @Option(names = "--pg-user", defaultValue = "tandem")
  String pgUser;

  @Option(names = "--pg-password", defaultValue = "tandem")
  String pgPassword;

  @Option(names = "--pg-settle-ms", defaultValue = "11000", description = "Quiet time before each transaction count, ms (PostgreSQL publishes a backend's counts up to 10 s late). Default: ${DEFAULT-VALUE}.")
  long pgSettleMs;

  @Option(names = "--results", description = "JSON lines file the result is appended to.")
  Path results;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Drive()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SessionFactory factory = client == Client.metro ? new MetroClient(url, rm) : new TandemClient(url, rm);
    Workload workload = new Workload(sessions, warmup, calls);
    RunResult.Labels labels = new RunResult.Labels(id, server, endpoint, store, client == Client.metro ? "Metro" : "Tandem");
    RunResult result;
    if (pgUrl == null) {
      result = RunResult.of(labels, warmup, calls, workload.run(factory, Workload.Hooks.NONE), null, null);
    } else {
      try (PgMeter pg = new PgMeter(pgUrl, pgUser, pgPassword, pgSettleMs)) {
        Workload.Result r = workload.run(factory, pg);
        result = RunResult.of(labels, warmup, calls, r, pg.delta(), pg.error());
      }
    }
    String line = new ObjectMapper().writeValueAsString(result);
    System.out.println(line);
    if (results != null) {
      Files.writeString(results, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return 0;
  }
}
