package dev.tandem.client.cli;

import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.Ns;
import dev.tandem.client.rm.RetryPolicy;
import dev.tandem.client.rm.RmSource;
import dev.tandem.client.rm.ServiceFaultException;
import dev.tandem.client.rm.TransportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Reliable Secure Profile sample's client: it cannot listen, so its ReplyTo/AcksTo is an MC
 * anonymous address and it fetches the callbacks with WS-MakeConnection polls.
 */
@Command(name = "process-data", mixinStandardHelpOptions = true, description = "The RSP sample (ProcessData) over WS-MakeConnection.")
final class ProcessDataCommand implements Callable<Integer> {
  static final String TEMPURI = "http://tempuri.org/";

  @Option(names = "--url", defaultValue = "http://localhost:8080/servicemodelsamples/service.svc/rsp", description = "Default: ${DEFAULT-VALUE}.")
  URI url;

  @Parameters(arity = "1..*", paramLabel = "<text>", description = "Texts to hash.")
  List<String> texts;

  @Mixin Common common;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String mcAddress = Ns.MC_ANONYMOUS_PREFIX + UUID.randomUUID();
    RmSource s =
        new RmSource(common.transport(spec, null), url, common.rm, mcAddress, common.retry(), Duration.ofSeconds(30));
    s.open();
    for (String text : texts) {
      s.send(
          TEMPURI + "IProcessDataDuplex/ProcessData",
          (e, body) -> {
            Element w = CalculatorCommand.wrapper(e.element(body, TEMPURI, "ProcessData"), TEMPURI);
            e.element(w, TEMPURI, "rawData", text);
          });
    }
    pollUntil(s, mcAddress, texts.size(), common.timeout(), common.retry(), m -> {
      out.println(m.payloadText(TEMPURI, "processedData"));
      out.flush();
    });
    s.close();
    return 0;
  }

  /**
   * Polls {@code mcAddress} with MakeConnection (WS-MC 1.1 §3.2; each poll acknowledging what arrived
   * so far) until {@code count} messages of the offered Sequence are delivered, handing each to
   * {@code sink} in order. A lost poll is retried after {@code retry}'s interval.
   *
   * @throws TransportException after {@code timeout}, or after {@code retry.maxAttempts()} lost polls
   *     in a row
   * @throws ServiceFaultException when a poll is answered with a fault
   */
  static void pollUntil(
      RmSource s, String mcAddress, int count, Duration timeout, RetryPolicy retry, Consumer<Message> sink)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    int failures = 0;
    while (seen < count) {
      if (System.nanoTime() > deadline) {
        throw new TransportException("timed out waiting for " + count + " callbacks, got " + seen);
      }
      try {
        s.poll(mcAddress, Duration.ofSeconds(60));
        failures = 0;
      } catch (IOException e) {
        if (++failures >= retry.maxAttempts()) {
          throw new TransportException("MakeConnection poll failed: " + e, e);
        }
        Thread.sleep(retry.interval(failures).toMillis());
      }
      List<Message> got = s.delivered();
      for (; seen < got.size(); seen++) {
        sink.accept(got.get(seen));
      }
    }
  }
}
