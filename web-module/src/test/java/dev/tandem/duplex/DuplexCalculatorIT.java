package dev.tandem.duplex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.testing.Envelopes;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WCF duplex sample over dual HTTP on Payara Micro, with a client that behaves like WCF's
 * wsDualHttpBinding: it listens at its own address, every message in either direction is its own POST
 * answered 202, and it acknowledges the callbacks it receives.
 */
@ExtendWith(ArquillianExtension.class)
class DuplexCalculatorIT {
  private static final String RM10 = Envelopes.RM10;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tandem.war"));
  }

  private static final List<String> SCENARIO_OPS =
      List.of("Clear", "AddTo:100", "SubtractFrom:50", "MultiplyBy:17.65", "DivideBy:2", "Clear");

  private void runScenario(DuplexSession s) throws Exception {
    for (String op : SCENARIO_OPS) {
      String[] parts = op.split(":");
      s.op(parts[0], parts.length > 1 ? parts[1] : null);
    }
  }

  static String callback(DualClient c, String m) {
    String action = c.x("//a:Action", m);
    return action.substring(action.lastIndexOf('/') + 1) + "(" + c.x("/s:Envelope/s:Body/*/*", m) + ")";
  }

  @Test
  void docsVariantSampleScenario() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s = new DuplexSession(client, base.toURI().resolve("service.svc/duplex"), "http://Microsoft.ServiceModel.Samples");
      s.open();
      runScenario(s);
      TreeMap<Long, String> cbs = s.callbacks(6, Duration.ofSeconds(60));
      assertThat(cbs.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(cbs.values().stream().map(m -> callback(client, m)).toList())
          .containsExactly(
              "Equation(0 = 0)",
              "Equals(100.0)",
              "Equals(50.0)",
              // IEEE doubles, as .NET computes them too; the equation text is .NET's 15-digit form.
              "Equals(" + (100.0 - 50) * 17.65 + ")",
              "Equals(" + (100.0 - 50) * 17.65 / 2 + ")",
              "Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
      String first = cbs.firstEntry().getValue();
      assertThat(client.x("//a:To", first)).isEqualTo(client.address());
      assertThat(client.x("//r10:SequenceAcknowledgement/r10:Identifier", first)).isEqualTo(s.id);
      s.acknowledge(6);
      s.close();
    }
  }

  @Test
  void sdkVariantKeepsTheResultOnClear() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s = new DuplexSession(client, base.toURI().resolve("service.svc/duplex-sdk"), "http://Microsoft.Samples.Duplex");
      s.open();
      runScenario(s);
      s.op("AddTo", "1");
      TreeMap<Long, String> cbs = s.callbacks(7, Duration.ofSeconds(60));
      assertThat(cbs.values().stream().map(m -> callback(client, m)).toList())
          .containsExactly(
              "Equation(0 = 0)",
              "Result(100.0)",
              "Result(50.0)",
              "Result(" + (100.0 - 50) * 17.65 + ")",
              "Result(" + (100.0 - 50) * 17.65 / 2 + ")",
              "Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)",
              "Result(" + ((100.0 - 50) * 17.65 / 2 + 1) + ")");
      s.acknowledge(7);
      s.close();
    }
  }

  @Test
  void callbacksWaitForAClientThatIsDownAndArriveOnceInOrder() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s = new DuplexSession(client, base.toURI().resolve("service.svc/duplex"), "http://Microsoft.ServiceModel.Samples");
      s.open();
      s.op("AddTo", "1");
      s.callbacks(1, Duration.ofSeconds(30));
      s.acknowledge(1);
      client.stop();
      s.op("AddTo", "2");
      s.op("MultiplyBy", "10");
      // Both callbacks are tried (and fail) while the client is down.
      await().atMost(Duration.ofSeconds(30)).until(() -> client.refusedConnections() >= 2);
      client.start();
      TreeMap<Long, String> cbs = s.callbacks(3, Duration.ofSeconds(60));
      assertThat(cbs.keySet()).containsExactly(1L, 2L, 3L);
      assertThat(callback(client, cbs.get(2L))).isEqualTo("Equals(3.0)");
      assertThat(callback(client, cbs.get(3L))).isEqualTo("Equals(30.0)");
      s.acknowledge(3);
      s.close();
    }
  }

  @Test
  void wsRm11SessionClosesAndTerminatesOverTheDualChannel() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s =
          new DuplexSession(
              client,
              base.toURI().resolve("service.svc/duplex"),
              "http://Microsoft.ServiceModel.Samples",
              Envelopes.RM11);
      s.open();
      s.op("AddTo", "2.5");
      s.op("MultiplyBy", "4");
      s.op("Clear", null);
      TreeMap<Long, String> cbs = s.callbacks(3, Duration.ofSeconds(60));
      assertThat(cbs.values().stream().map(m -> callback(client, m)).toList())
          .containsExactly("Equals(2.5)", "Equals(10.0)", "Equation(0 + 2.5 * 4 = 10)");
      assertThat(client.x("//r11:SequenceAcknowledgement/r11:Identifier", cbs.get(3L))).isEqualTo(s.id);
      s.acknowledge(3);
      s.close();
    }
  }

  @Test
  void callbacksWaitWhileTheClientAdvertisesAFullBuffer() throws Exception {
    try (DualClient client = new DualClient()) {
      DuplexSession s =
          new DuplexSession(client, base.toURI().resolve("service.svc/duplex"), "http://Microsoft.ServiceModel.Samples");
      s.open();
      s.op("AddTo", "1");
      s.callbacks(1, Duration.ofSeconds(30));
      s.acknowledge(1, 0); // WCF flow control: "my buffer is full"
      s.op("AddTo", "1");
      s.op("AddTo", "1");
      // Callbacks 2 and 3 are ready; for three retry intervals none of them may be sent. Retransmissions
      // of callback 1 may arrive (its acknowledgement races the retransmission timer on a loaded
      // machine); what flow control forbids is any number past the buffer.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.received().stream()
                      .filter(m -> m.contains("ICalculatorDuplex/Equals"))
                      .map(m -> client.x("//r10:Sequence/r10:MessageNumber", m))
                      .distinct()
                      .toList(),
              numbers -> numbers.equals(List.of("1")));
      s.acknowledge(1, 8);
      TreeMap<Long, String> cbs = s.callbacks(3, Duration.ofSeconds(30));
      assertThat(callback(client, cbs.get(3L))).isEqualTo("Equals(3.0)");
      s.acknowledge(3);
      s.close();
    }
  }

  /** 200 sessions open at once, each with its own listener; no result may reach another session. */
  @Test
  void concurrentSessionsDoNotMix() throws Exception {
    int sessions = 200;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    List<DualClient> clients = new java.util.ArrayList<>();
    try {
      List<DuplexSession> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<java.util.concurrent.Future<?>> opening = new java.util.ArrayList<>();
      for (int k = 0; k < sessions; k++) {
        DualClient client = new DualClient();
        clients.add(client);
        DuplexSession s =
            new DuplexSession(client, base.toURI().resolve("service.svc/duplex"), "http://Microsoft.ServiceModel.Samples");
        opening.add(pool.submit(() -> { s.open(); opened.add(s); return null; }));
      }
      for (java.util.concurrent.Future<?> f : opening) {
        f.get();
      }
      assertThat(opened).hasSize(sessions);
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int k = 0; k < sessions; k++) {
        final int n = k + 1;
        final DuplexSession s = opened.get(k);
        results.add(
            pool.submit(
                () -> {
                  s.op("AddTo", Integer.toString(n));
                  s.op("MultiplyBy", "3");
                  TreeMap<Long, String> cbs = s.callbacks(2, Duration.ofSeconds(120));
                  s.acknowledge(2);
                  return callback(s.client, cbs.get(1L)).equals("Equals(" + (double) n + ")")
                      && callback(s.client, cbs.get(2L)).equals("Equals(" + (double) (n * 3) + ")");
                }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(DualClient::close);
    }
  }

  /** Callback addresses no client listener can have (issue #14), each refused at the door. */
  private static final List<String> UNUSABLE_CALLBACKS =
      List.of(
          "urn:uuid:" + UUID.randomUUID(),
          "ftp://127.0.0.1/callbacks",
          "mailto:ops@example.com",
          "http://exa mple.com/myClient/",
          "/myClient/relative",
          "http://169.254.169.254/latest/meta-data/", // link-local: refused by the default policy
          "http://[fe80::1]:8000/myClient/",
          "http://0.0.0.0:8000/myClient/");

  private static final String MC_ANONYMOUS = "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";

  private HttpResponse<String> postRaw(String path, String envelope) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.toURI().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String createSequence(
      String rm, String to, String replyTo, String acksTo, String offerEndpoint) {
    String endpoint =
        offerEndpoint == null
            ? ""
            : "<r:Endpoint><a:Address>" + offerEndpoint + "</a:Address></r:Endpoint>";
    return Envelopes.envelope(
        rm,
        "<a:Action s:mustUnderstand=\"1\">" + rm + "/CreateSequence</a:Action>"
            + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
            + "<a:ReplyTo><a:Address>" + replyTo + "</a:Address></a:ReplyTo>"
            + "<a:To s:mustUnderstand=\"1\">" + to + "</a:To>",
        "<r:CreateSequence><r:AcksTo><a:Address>" + acksTo + "</a:Address></r:AcksTo>"
            + "<r:Offer><r:Identifier>urn:uuid:" + UUID.randomUUID() + "</r:Identifier>" + endpoint
            + "</r:Offer></r:CreateSequence>");
  }

  private static void assertFault(
      DualClient c, HttpResponse<String> r, String subcode, String reasonPart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    assertThat(c.x("//s:Fault/s:Code/s:Subcode/s:Value", r.body())).as(r.body()).endsWith(":" + subcode);
    assertThat(c.x("//s:Fault/s:Reason/s:Text", r.body())).as(r.body()).contains(reasonPart);
  }

  /**
   * Issue #14: duplex and RSP CreateSequences naming callback addresses Tandem cannot or may not POST
   * to — several of each kind, more than the sender's 32 in-flight slots — are refused with
   * CreateSequenceRefused naming the header, and a message with such a ReplyTo gets
   * wsa:InvalidAddressingHeader. A normal duplex session then gets all its callbacks at once. (Before
   * the fix each such session leaked a slot per attempt and 32 of them stopped every callback on the
   * server; the slot accounting itself is covered by OutboundSenderTest, the server exposes no
   * in-flight count.)
   */
  @Test
  void unusableCallbackAddressesAreRefusedAndOtherSessionsStillGetTheirCallbacks() throws Exception {
    try (DualClient client = new DualClient()) {
      String duplex = base.toURI().resolve("service.svc/duplex").toString();
      String rsp = base.toURI().resolve("service.svc/rsp").toString();
      int refused = 0;
      for (int round = 0; round < 2; round++) {
        for (String bad : UNUSABLE_CALLBACKS) {
          String mc = MC_ANONYMOUS + UUID.randomUUID();
          // Duplex, February 2005: the callback address is AcksTo (and ReplyTo).
          assertFault(client, postRaw("service.svc/duplex", createSequence(RM10, duplex, bad, bad, null)),
              "CreateSequenceRefused", "wsrm:AcksTo");
          // Duplex, WS-RM 1.1: a good AcksTo does not excuse a bad Offer Endpoint.
          assertFault(client,
              postRaw("service.svc/duplex", createSequence(Envelopes.RM11, duplex, client.address(), client.address(), bad)),
              "CreateSequenceRefused", "wsrm:Offer/wsrm:Endpoint");
          // Duplex with a good AcksTo and a bad ReplyTo.
          assertFault(client, postRaw("service.svc/duplex", createSequence(RM10, duplex, bad, client.address(), null)),
              "CreateSequenceRefused", "wsa:ReplyTo");
          // RSP: a client that should have given an MC anonymous URI gives this instead.
          assertFault(client, postRaw("service.svc/rsp", createSequence(RM10, rsp, mc, bad, null)),
              "CreateSequenceRefused", "wsrm:AcksTo");
          assertFault(client, postRaw("service.svc/rsp", createSequence(RM10, rsp, bad, mc, null)),
              "CreateSequenceRefused", "wsa:ReplyTo");
          refused += 5;
        }
      }
      assertThat(refused).isGreaterThan(32);

      // An ordinary message (here an AckRequested for an unknown Sequence) with such a ReplyTo.
      String ackRequested =
          Envelopes.envelope(
              RM10,
              "<r:AckRequested><r:Identifier>urn:uuid:" + UUID.randomUUID() + "</r:Identifier></r:AckRequested>"
                  + "<a:Action s:mustUnderstand=\"1\">" + RM10 + "/AckRequested</a:Action>"
                  + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
                  + "<a:ReplyTo><a:Address>mailto:ops@example.com</a:Address></a:ReplyTo>"
                  + "<a:To s:mustUnderstand=\"1\">" + duplex + "</a:To>",
              "");
      HttpResponse<String> r = postRaw("service.svc/duplex", ackRequested);
      assertFault(client, r, "InvalidAddressingHeader", "mailto:ops@example.com");
      assertThat(client.x("//s:Fault/s:Code/s:Subcode/s:Subcode/s:Value", r.body())).endsWith(":InvalidAddress");
      assertThat(client.x("//s:Fault/s:Detail/a:ProblemHeaderQName", r.body())).endsWith(":ReplyTo");

      // A normal session: every callback arrives within seconds.
      DuplexSession s = new DuplexSession(client, base.toURI().resolve("service.svc/duplex"), "http://Microsoft.ServiceModel.Samples");
      s.open();
      runScenario(s);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> client.received().stream()
              .filter(m -> s.offer.equals(client.x("//r10:Sequence/r10:Identifier", m)))
              .map(m -> client.x("//r10:Sequence/r10:MessageNumber", m))
              .distinct()
              .count() == SCENARIO_OPS.size());
      assertThat(s.callbacks(SCENARIO_OPS.size(), Duration.ofSeconds(1)).values().stream().map(m -> callback(client, m)).toList())
          .endsWith("Equation(0 + 100 - 50 * 17.65 / 2 = 441.25)");
      s.acknowledge(SCENARIO_OPS.size());
      s.close();
    }
  }

  @Test
  void wsdlDescribesTheDualBindingForSvcutil() throws Exception {
    for (String[] v :
        List.of(
            new String[] {"service.svc/duplex?wsdl", "Equals", "http://Microsoft.ServiceModel.Samples"},
            new String[] {"service.svc/duplex-sdk?wsdl", "Result", "http://Microsoft.Samples.Duplex"})) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(base.toURI().resolve(v[0])).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("<cdp:CompositeDuplex/>", "<ow:OneWay/>", "RMAssertion", "<wsaw:UsingAddressing/>")
          .contains("wsaw:Action=\"" + v[2] + "/ICalculatorDuplex/" + v[1] + "\"")
          .contains("targetNamespace=\"" + v[2] + "\"")
          .doesNotContain("@");
    }
  }
}
