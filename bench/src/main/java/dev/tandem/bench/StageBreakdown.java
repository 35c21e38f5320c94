package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Splits the CPU a server spends on one message into stages, from a JDK Flight Recorder recording
 * of the server under load: each execution sample of a request thread ({@code http-thread-pool})
 * goes to the innermost stage found on its stack, and a stage's share of the samples times the
 * request threads' CPU per message gives its µs. Sampling, not tracing: a stage below about 2 % of
 * the samples is noise. Record with {@code -XX:FlightRecorderOptions:stackdepth=256} (the default 64
 * frames cut Payara's deep stacks before they reach the application).
 */
@Command(name = "stages", mixinStandardHelpOptions = true, description = "Per-stage CPU of one message from a JFR recording.")
public final class StageBreakdown implements Callable<Integer> {

  /** A stage: the first frame (innermost first) whose "Class.method" starts with one of the prefixes. */
  record Stage(String name, List<String> framePrefixes) {}

  /** Innermost match wins, so the order only matters for prefixes on one frame. */
  static final List<Stage> STAGES =
      List.of(
          new Stage("read and parse (DOM)", List.of("EnvelopeReader.read", "SecureXml.parse")),
          new Stage("Metro dispatch, JAXB, schema validation", List.of("MetroService.invoke")),
          new Stage("response envelope (StAX/SAAJ)", List.of("EnvelopeWriter.write")),
          new Stage("Hibernate flush (insert/update)", List.of("SessionImpl.flush", "SessionImpl.beforeTransactionCompletion", "JtaTransactionCoordinatorImpl.beforeCompletion")),
          new Stage("JDBC commit", List.of("PgConnection.commit", "JdbcConnection.commit", "ConnectorXAResource.commit", "ConnectorXAResource.end")),
          new Stage("transaction begin/commit (JTA, EJB)", List.of("JavaEETransactionManagerSimplified.begin", "JavaEETransactionManagerSimplified.commit", "BaseContainer.preInvoke", "BaseContainer.postInvoke")),
          new Stage("locks and session load (SELECT … FOR UPDATE)", List.of("JpaRmStore.lock", "JpaRmStore.lockBySourceSequence", "JpaRmStore.tryLock")),
          new Stage("other store calls (insert, find)", List.of("JpaRmStore.", "JpaOutboundStore.", "JpaSessionStateStore.")),
          new Stage("RM header processing (engine)", List.of("ProtocolDispatcher.", "RmDestination.", "RmSource.", "SequenceLifecycle.", "ServiceEndpointBean.handle")),
          new Stage("response writing (servlet, HTTP)", List.of("ServiceEndpointServlet.write", "OutputBuffer.", "Response.finishResponse")),
          new Stage("request reading (servlet, HTTP)", List.of("RequestBody.", "InputBuffer.")));

  @Option(names = "--jfr", required = true, description = "Recording of the server (.jfr).")
  Path jfr;

  @Option(names = "--cpu-us", required = true, description = "Request threads' CPU per message, µs (the bench measures it).")
  double cpuMicros;

  @Option(names = "--thread", defaultValue = "http-thread-pool", description = "Sampled threads whose name starts with this. Default: ${DEFAULT-VALUE}.")
  String threadPrefix;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StageBreakdown()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Map<String, Integer> counts = count(jfr, threadPrefix);
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("%-48s %8s %8s%n", "stage", "share", "µs/msg");
    counts.forEach(
        (stage, n) ->
            System.out.printf(
                "%-48s %7.1f%% %8.0f%n", stage, 100.0 * n / total, cpuMicros * n / total));
    System.out.printf("%-48s %7.1f%% %8.0f   (%d samples)%n", "total", 100.0, cpuMicros, total);
    return 0;
  }

  /** Samples per stage, in {@link #STAGES} order, the rest last as "container and other". */
  static Map<String, Integer> count(Path recording, String threadPrefix) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    STAGES.forEach(s -> counts.put(s.name(), 0));
    String other = "HTTP server, EJB and CDI container, other";
    counts.put(other, 0);
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")
          || e.getThread("sampledThread") == null
          || e.getThread("sampledThread").getJavaName() == null
          || !e.getThread("sampledThread").getJavaName().startsWith(threadPrefix)
          || e.getStackTrace() == null) {
        continue;
      }
      counts.merge(stageOf(e.getStackTrace().getFrames(), other), 1, Integer::sum);
    }
    return counts;
  }

  private static String stageOf(List<RecordedFrame> frames, String other) {
    for (RecordedFrame f : frames) { // innermost first
      String type = f.getMethod().getType().getName();
      String name = type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
      for (Stage s : STAGES) {
        for (String p : s.framePrefixes()) {
          if (name.startsWith(p)) {
            return s.name();
          }
        }
      }
    }
    return other;
  }
}
