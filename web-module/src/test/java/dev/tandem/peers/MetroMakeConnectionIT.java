package dev.tandem.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.rx.mc.api.MakeConnectionSupportedFeature;
import dev.tandem.rm.TandemServer;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Service;
import java.io.Closeable;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metro 4's WS-MakeConnection client ({@link MakeConnectionSupportedFeature}) with its WS-RM client,
 * against the reliable calculator of the uber-jar. With MakeConnection on, Metro puts an MC anonymous
 * URI ({@code …/wsmc/200702/anonymous?id=<uuid>}) in the CreateSequence's AcksTo and in every
 * request's ReplyTo/FaultTo, and takes a reply from the request's own HTTP response when one comes
 * there; when none does, it polls with {@code MakeConnection} (every 2 s while a call waits) and
 * expects the reply on a poll's response.
 *
 * <p>The calculator's WSDL carries no {@code wsmc:MCSupported} (that would turn MakeConnection on for
 * every Metro client of it), so the feature is given to the proxy. A {@link WireTap} between Metro
 * and Tandem records every HTTP exchange, so the tests assert on which response each reply travelled.
 */
class MetroMakeConnectionIT {
  static final QName SERVICE = new QName(ICalculator.NS, "CalculatorService");
  static final QName PORT = new QName(ICalculator.NS, "WSHttpBinding_ICalculator");
  static final String MC_ANONYMOUS = "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";
  static final String MAKE_CONNECTION = "http://docs.oasis-open.org/ws-rx/wsmc/200702/MakeConnection";
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";

  private static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        TandemServer.start(TandemServer.freePort(), TandemServer.freePort(), "metro-mc", "server.log");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm10WithMakeConnection() throws Exception {
    assertRepliesOnTheirOwnResponses(runCalculatorSample("?wsdl", RM10, body -> false));
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void calculatorSampleOverRm11WithMakeConnection() throws Exception {
    assertRepliesOnTheirOwnResponses(runCalculatorSample("?wsdl&rm=1.1", RM11, body -> false));
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aLostReplyReachesMetroOnAMakeConnectionPollOverRm10() throws Exception {
    assertMultiplyReplyCameOnAPoll(runCalculatorSample("?wsdl", RM10, firstMultiply()));
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void aLostReplyReachesMetroOnAMakeConnectionPollOverRm11() throws Exception {
    assertMultiplyReplyCameOnAPoll(runCalculatorSample("?wsdl&rm=1.1", RM11, firstMultiply()));
  }

  /** The tap answers the first Multiply with an empty 202, as if its reply never came back. */
  private static Predicate<String> firstMultiply() {
    AtomicBoolean lost = new AtomicBoolean();
    return body -> body.contains("<Multiply") && lost.compareAndSet(false, true);
  }

  /**
   * Runs the calculator sample (exact results) through a {@link WireTap} and checks that Metro ran a
   * reliable session in {@code rmNamespace} addressed to one MC anonymous URI.
   *
   * @return every HTTP exchange of the session, closing included
   */
  private List<WireTap.Exchange> runCalculatorSample(
      String wsdl, String rmNamespace, Predicate<String> loseResponse) throws Exception {
    List<WireTap.Exchange> wire;
    try (WireTap tap = WireTap.to(server.endpoint())) {
      tap.loseResponseWhen(loseResponse);
      ICalculator calculator =
          Service.create(new URL(server.endpoint() + wsdl), SERVICE)
              .getPort(
                  PORT,
                  ICalculator.class,
                  new FastInfosetFeature(false),
                  new MakeConnectionSupportedFeature());
      Map<String, Object> ctx = ((BindingProvider) calculator).getRequestContext();
      ctx.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, tap.address().toString());
      ctx.put("com.sun.xml.ws.connect.timeout", 10_000);
      ctx.put("com.sun.xml.ws.request.timeout", 60_000);
      try {
        assertThat(calculator.add(100, 15.99)).isEqualTo(115.99);
        assertThat(calculator.subtract(145, 76.54)).isEqualTo(68.46);
        assertThat(calculator.multiply(9, 81.25)).isEqualTo(731.25);
        assertThat(calculator.divide(22, 7)).isEqualTo(3.142857142857143);
      } finally {
        ((Closeable) calculator).close();
      }
      wire = tap.exchanges();
    }
    WireTap.Exchange cs = only(wire, rmNamespace + "/CreateSequence");
    String mcAddress = first(cs.request(), "AcksTo>\\s*<[^>]*Address>([^<]+)<");
    assertThat(mcAddress).startsWith(MC_ANONYMOUS);
    assertThat(cs.request()).contains("Offer>");
    assertThat(cs.status()).isEqualTo(200);
    assertThat(cs.response()).contains("CreateSequenceResponse").doesNotContain("Fault>");
    for (String op : List.of("Add", "Subtract", "Multiply", "Divide")) {
      WireTap.Exchange request = only(wire, ICalculator.NS + "/ICalculator/" + op);
      assertThat(first(request.request(), "ReplyTo[^>]*>\\s*<[^>]*Address>([^<]+)<")).isEqualTo(mcAddress);
      assertThat(request.request()).contains(rmNamespace);
    }
    assertThat(wire).noneMatch(e -> e.response().contains("Fault>"));
    return wire;
  }

  /** Without loss, every reply relates to the request whose HTTP response carried it. */
  private static void assertRepliesOnTheirOwnResponses(List<WireTap.Exchange> wire) {
    for (String op : List.of("Add", "Subtract", "Multiply", "Divide")) {
      WireTap.Exchange e = only(wire, ICalculator.NS + "/ICalculator/" + op);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.response()).contains(op + "Response");
      assertThat(relatesTo(e.response())).isEqualTo(messageId(e.request()));
    }
  }

  /**
   * The Multiply's own response was lost (202, no body), so Metro polled; Tandem retransmitted the
   * unacknowledged reply on a MakeConnection poll's response, relating to the Multiply.
   */
  private static void assertMultiplyReplyCameOnAPoll(List<WireTap.Exchange> wire) {
    WireTap.Exchange multiply = only(wire, ICalculator.NS + "/ICalculator/Multiply");
    assertThat(multiply.response()).contains("MultiplyResponse"); // what Tandem sent, and the tap lost
    List<WireTap.Exchange> answeredPolls =
        wire.stream()
            .filter(e -> action(e.request()).equals(MAKE_CONNECTION))
            .filter(e -> e.response().contains("MultiplyResponse"))
            .toList();
    assertThat(answeredPolls).isNotEmpty();
    WireTap.Exchange poll = answeredPolls.get(0);
    assertThat(poll.status()).isEqualTo(200);
    assertThat(relatesTo(poll.response())).isEqualTo(messageId(multiply.request()));
    assertThat(poll.response()).contains("<mc:MessagePending").contains("731.25");
    System.out.printf(
        "[MetroMakeConnectionIT] lost Multiply reply: on a poll %d ms after the request (%d polls)%n",
        (poll.answeredNanos() - multiply.receivedNanos()) / 1_000_000,
        wire.stream().filter(e -> action(e.request()).equals(MAKE_CONNECTION)).count());
  }

  private static WireTap.Exchange only(List<WireTap.Exchange> wire, String action) {
    List<WireTap.Exchange> found =
        wire.stream().filter(e -> action(e.request()).equals(action)).toList();
    assertThat(found).as("exchanges with action " + action).hasSize(1);
    return found.get(0);
  }

  private static String action(String envelope) {
    return first(envelope, "Action[^>]*>([^<]+)<");
  }

  private static String messageId(String envelope) {
    return first(envelope, "MessageID[^>]*>([^<]+)<");
  }

  private static String relatesTo(String envelope) {
    return first(envelope, "RelatesTo[^>]*>([^<]+)<");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1).trim() : "";
  }
}
