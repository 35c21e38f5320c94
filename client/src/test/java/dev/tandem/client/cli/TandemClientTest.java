package dev.tandem.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TandemClientTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void usageErrorsExitWith2() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("calculator", "--rm", "2.0")).isEqualTo(2);
    assertThat(run("nosuch")).isEqualTo(2);
    assertThat(run("process-data")).isEqualTo(2);
    assertThat(run("duplex")).isEqualTo(2);
    assertThat(err.toString()).contains("Usage:");
  }

  @Test
  void helpListsTheSamplesAndExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("calculator", "https", "process-data", "duplex", "3   transport failure or timeout");
  }

  @Test
  void nobodyListeningExitsWith3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(run("calculator", "--url", "http://127.0.0.1:" + port + "/x.svc", "--max-retries", "2", "--retry-interval", "50"))
        .isEqualTo(3);
    assertThat(err.toString()).contains("no answer to CreateSequence");
  }

  @Test
  void doublesPrintAsDotNetDoes() {
    assertThat(CalculatorCommand.format(100.0)).isEqualTo("100");
    assertThat(CalculatorCommand.format(15.99)).isEqualTo("15.99");
    assertThat(CalculatorCommand.formatXsDouble("100.0")).isEqualTo("100");
    assertThat(CalculatorCommand.formatXsDouble("882.4999999999999")).isEqualTo("882.4999999999999");
    assertThat(CalculatorCommand.formatXsDouble("441.24999999999994")).isEqualTo("441.24999999999994");
    assertThat(CalculatorCommand.formatXsDouble("3.142857142857143")).isEqualTo("3.142857142857143");
    assertThat(CalculatorCommand.formatXsDouble("INF")).isEqualTo("INF");
    assertThat(CalculatorCommand.format(1e21)).isEqualTo("1E+21");
    assertThat(CalculatorCommand.format(1e-7)).isEqualTo("1E-07");
  }
}
