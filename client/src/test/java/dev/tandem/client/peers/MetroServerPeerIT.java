package dev.tandem.client.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.rx.rm.api.ReliableMessagingFeatureBuilder;
import com.sun.xml.ws.rx.rm.api.RmProtocolVersion;
import dev.tandem.client.cli.TandemClient;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.soap.AddressingFeature;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against a WS-RM server we did not write: Metro 4's own RM endpoint ({@code
 * Endpoint.publish} on the JDK HTTP server, SOAP 1.2, WS-Addressing required), one per RM version as
 * a Metro endpoint speaks only one. The CLI's {@code calculator} runs in process; Metro is in test
 * scope only. Adds about 5 s (Metro's start-up; each session takes well under a second).
 */
class MetroServerPeerIT {
  private static final List<String> CALCULATOR =
      List.of(
          "Add(100,15.99) = 115.99",
          "Subtract(145,76.54) = 68.46",
          "Multiply(9,81.25) = 731.25",
          "Divide(22,7) = 3.142857142857143");

  private record Run(int exit, List<String> lines, String err) {}

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorOverMetroRm10() throws Exception {
    // Feb 2005: the LastMessage is message 5; Metro terminates the offered Sequence on the response.
    runAgainstMetro(
        RmProtocolVersion.WSRM200502, "1.0", "http://schemas.xmlsoap.org/ws/2005/02/rm", 5, "TerminateSequence");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void calculatorOverMetroRm11() throws Exception {
    runAgainstMetro(
        RmProtocolVersion.WSRM200702, "1.1", "http://docs.oasis-open.org/ws-rx/wsrm/200702", 4, "TerminateSequenceResponse");
  }

  /**
   * @param lastNumber the highest message number Metro must acknowledge at the end
   * @param termination the RM action Metro answers our TerminateSequence with
   */
  private void runAgainstMetro(
      RmProtocolVersion version, String rmOption, String rmNs, int lastNumber, String termination) throws Exception {
    MetroCalculator service = new MetroCalculator();
    Endpoint endpoint =
        Endpoint.create(
            service,
            new ReliableMessagingFeatureBuilder(version).build(),
            new AddressingFeature(true, true),
            new FastInfosetFeature(false));
    String url = "http://127.0.0.1:" + freePort() + "/metro/calculator";
    endpoint.publish(url);
    try {
      Run r = run("calculator", "--url", url, "--rm", rmOption, "--verbose");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
      // Metro really ran the calls inside its RM session of that version (it writes its own WS-A
      // Action headers, unprefixed): each call once, every message acknowledged, the session ended.
      assertThat(service.invocations).hasValue(4);
      String metroAction = "<Action xmlns=\"http://www.w3.org/2005/08/addressing\">";
      assertThat(r.err())
          .contains(
              metroAction + rmNs + "/CreateSequenceResponse</Action>",
              "AcknowledgementRange Lower=\"1\" Upper=\"" + lastNumber + "\"",
              metroAction + rmNs + "/" + termination + "</Action>");
    } finally {
      endpoint.stop();
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString().lines().toList(), err.toString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
