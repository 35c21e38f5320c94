package dev.tandem.duplex;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** One client session against one of the duplex endpoints. */
  private final class Session {
    final DualClient client;
    final URI endpoint;
    final String ns;
    final String offer = "urn:uuid:" + UUID.randomUUID();
    String id;
    long next = 1;

    Session(DualClient client, String path, String ns) throws Exception {
      this.client = client;
      this.endpoint = base.toURI().resolve(path);
      this.ns = ns;
    }

    String addressing(String action) {
      return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
          + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
          + "<a:ReplyTo><a:Address>" + client.address() + "</a:Address></a:ReplyTo>"
          + "<a:To s:mustUnderstand=\"1\">" + endpoint + "</a:To>";
    }

    int post(String envelope) throws Exception {
      HttpRequest req =
          HttpRequest.newBuilder(endpoint)
              .header("Content-Type", "application/soap+xml; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(resp.body()).as("a dual channel answers with an empty body").isEmpty();
      return resp.statusCode();
    }

    void open() throws Exception {
      String cs =
          Envelopes.envelope(
              RM10,
              addressing(RM10 + "/CreateSequence"),
              "<r:CreateSequence><r:AcksTo><a:Address>" + client.address() + "</a:Address></r:AcksTo>"
                  + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>");
      assertThat(post(cs)).isEqualTo(202);
      String csr = client.awaitAction(RM10 + "/CreateSequenceResponse", Duration.ofSeconds(30));
      id = client.x("//r10:CreateSequenceResponse/r10:Identifier", csr);
      assertThat(id).startsWith("urn:uuid:");
    }

    void op(String name, String n) throws Exception {
      String body =
          n == null
              ? "<" + name + " xmlns=\"" + ns + "\"/>"
              : "<" + name + " xmlns=\"" + ns + "\"><n>" + n + "</n></" + name + ">";
      String env =
          Envelopes.envelope(
              RM10,
              Envelopes.sequence(id, next++, false) + addressing(ns + "/ICalculatorDuplex/" + name),
              body);
      assertThat(post(env)).isEqualTo(202);
    }

    /** Waits for callbacks 1..count of the offered Sequence; returns them by MessageNumber. */
    TreeMap<Long, String> callbacks(int count, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      TreeMap<Long, String> byNumber = new TreeMap<>();
      while (System.nanoTime() < deadline) {
        byNumber.clear();
        for (String m : client.received()) {
          if (offer.equals(client.x("//r10:Sequence/r10:Identifier", m))) {
            byNumber.putIfAbsent(Long.parseLong(client.x("//r10:Sequence/r10:MessageNumber", m)), m);
          }
        }
        if (byNumber.size() >= count) {
          return byNumber;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("got callbacks " + byNumber.keySet() + ", wanted " + count);
    }

    /** Acknowledges callbacks 1..upTo, as WCF's client does. */
    void acknowledge(long upTo) throws Exception {
      String ack =
          Envelopes.envelope(
              RM10,
              "<r:SequenceAcknowledgement><r:Identifier>" + offer + "</r:Identifier>"
                  + "<r:AcknowledgementRange Lower=\"1\" Upper=\"" + upTo + "\"/></r:SequenceAcknowledgement>"
                  + addressing(RM10 + "/SequenceAcknowledgement"),
              "");
      assertThat(post(ack)).isEqualTo(202);
    }

    void close() throws Exception {
      String last =
          Envelopes.envelope(
              RM10, Envelopes.sequence(id, next++, true) + addressing(RM10 + "/LastMessage"), "");
      assertThat(post(last)).isEqualTo(202);
      client.await(
          m -> offer.equals(client.x("//r10:Sequence/r10:Identifier", m))
              && !client.x("//r10:Sequence/r10:LastMessage", m).isEmpty()
              || client.x("count(//r10:Sequence/r10:LastMessage)", m).equals("1"),
          Duration.ofSeconds(30));
      String term =
          Envelopes.envelope(
              RM10,
              addressing(RM10 + "/TerminateSequence"),
              "<r:TerminateSequence><r:Identifier>" + id + "</r:Identifier></r:TerminateSequence>");
      assertThat(post(term)).isEqualTo(202);
      String t = client.awaitAction(RM10 + "/TerminateSequence", Duration.ofSeconds(30));
      assertThat(client.x("//r10:TerminateSequence/r10:Identifier", t)).isEqualTo(offer);
    }
  }

  private static final List<String> SCENARIO_OPS =
      List.of("Clear", "AddTo:100", "SubtractFrom:50", "MultiplyBy:17.65", "DivideBy:2", "Clear");

  private void runScenario(Session s) throws Exception {
    for (String op : SCENARIO_OPS) {
      String[] parts = op.split(":");
      s.op(parts[0], parts.length > 1 ? parts[1] : null);
    }
  }

  private static String callback(DualClient c, String m) {
    String action = c.x("//a:Action", m);
    return action.substring(action.lastIndexOf('/') + 1) + "(" + c.x("/s:Envelope/s:Body/*/*", m) + ")";
  }

  @Test
  void docsVariantSampleScenario() throws Exception {
    try (DualClient client = new DualClient()) {
      Session s = new Session(client, "service.svc/duplex", "http://Microsoft.ServiceModel.Samples");
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
      Session s = new Session(client, "service.svc/duplex-sdk", "http://Microsoft.Samples.Duplex");
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
      Session s = new Session(client, "service.svc/duplex", "http://Microsoft.ServiceModel.Samples");
      s.open();
      s.op("AddTo", "1");
      s.callbacks(1, Duration.ofSeconds(30));
      s.acknowledge(1);
      client.stop();
      s.op("AddTo", "2");
      s.op("MultiplyBy", "10");
      Thread.sleep(2_500);
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
  void concurrentSessionsDoNotMix() throws Exception {
    int sessions = 20;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int k = 1; k <= sessions; k++) {
        final int n = k;
        results.add(
            pool.submit(
                () -> {
                  try (DualClient client = new DualClient()) {
                    Session s = new Session(client, "service.svc/duplex", "http://Microsoft.ServiceModel.Samples");
                    s.open();
                    s.op("AddTo", Integer.toString(n));
                    s.op("MultiplyBy", "3");
                    TreeMap<Long, String> cbs = s.callbacks(2, Duration.ofSeconds(90));
                    s.acknowledge(2);
                    return callback(client, cbs.get(2L)).equals("Equals(" + (double) (n * 3) + ")");
                  }
                }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static Map<String, String> ns() {
    return DualClient.NS;
  }
}
