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
