package dev.tandem.client.cli;

import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.RetryPolicy;
import dev.tandem.client.rm.RmVersion;
import java.io.PrintWriter;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every subcommand has. */
final class Common {
  @Option(names = "--verbose", description = "Print each SOAP message sent and received (on stderr).")
  boolean verbose;

  @Option(
      names = "--rm",
      defaultValue = "1.0",
      converter = RmVersionConverter.class,
      description = "WS-ReliableMessaging version: 1.0 (February 2005, WCF's default) or 1.1. Default: ${DEFAULT-VALUE}.")
  RmVersion rm;

  @Option(names = "--max-retries", defaultValue = "8", description = "Transmissions of a message before giving up (exit 3). Default: ${DEFAULT-VALUE}.")
  int maxRetries;

  @Option(names = "--retry-interval", defaultValue = "500", description = "First retransmission interval in ms, doubled per attempt. Default: ${DEFAULT-VALUE}.")
  long retryInterval;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for callbacks. Default: ${DEFAULT-VALUE}.")
  long timeoutSeconds;

  static final class RmVersionConverter implements picocli.CommandLine.ITypeConverter<RmVersion> {
    @Override
    public RmVersion convert(String value) {
      return RmVersion.parse(value);
    }
  }

  RetryPolicy retry() {
    return new RetryPolicy(Duration.ofMillis(retryInterval), Duration.ofSeconds(8), maxRetries);
  }

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  HttpTransport transport(CommandSpec spec, SSLContext ssl) {
    PrintWriter log = verbose ? spec.commandLine().getErr() : null;
    return new HttpTransport(ssl, log);
  }
}
