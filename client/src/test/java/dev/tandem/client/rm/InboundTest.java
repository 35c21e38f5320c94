package dev.tandem.client.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** What the client does with messages of the offered Sequence: in order, once; and the dual listener. */
class InboundTest {
  private static final String CALC = "http://Microsoft.ServiceModel.Samples";

  private static RmSource source() {
    return new RmSource(
        new HttpTransport(null, null), URI.create("http://127.0.0.1:1/x"), RmVersion.RM10, Ns.ANONYMOUS,
        RetryPolicy.DEFAULT, Duration.ofSeconds(1));
  }

  private static Message callback(String offered, long n, String result) throws IOException {
    Envelope e =
        Envelope.create(RmVersion.RM10)
            .sequence(offered, n, false)
            .addressing(CALC + "/ICalculatorDuplex/Equals", "urn:uuid:cb" + n, null, "http://client/");
    Element w = e.element(e.body(), CALC, "Equals");
    e.element(w, CALC, "result", result);
    return Message.parse(e.toBytes());
  }

  @Test
  void offeredMessagesAreDeliveredInOrderOnceAndAcknowledgedWithGaps() throws Exception {
    RmSource s = source();
    List<String> seen = new CopyOnWriteArrayList<>();
    s.onDelivery(m -> seen.add(m.payloadText(CALC, "result")));

    s.accept(callback(s.offeredId(), 2, "two"));
    assertThat(seen).isEmpty();
    assertThat(s.receivedRanges()).containsExactly(new long[] {2, 2});

    s.accept(callback(s.offeredId(), 1, "one"));
    s.accept(callback(s.offeredId(), 2, "two again"));
    s.accept(callback(s.offeredId(), 4, "four"));
    assertThat(seen).containsExactly("one", "two");
    assertThat(s.receivedRanges()).containsExactly(new long[] {1, 2}, new long[] {4, 4});

    s.accept(callback("urn:uuid:someone-else", 3, "not ours"));
    s.accept(callback(s.offeredId(), 3, "three"));
    assertThat(seen).containsExactly("one", "two", "three", "four");
    assertThat(s.awaitDelivered(4, Duration.ofMillis(10))).hasSize(4);
  }

  @Test
  void theDualListenerAnswers202AndHandsOnTheEnvelope() throws Exception {
    List<Message> got = new CopyOnWriteArrayList<>();
    try (DualListener l = new DualListener(0, new HttpTransport(null, null), got::add)) {
      assertThat(l.address()).startsWith("http://127.0.0.1:").endsWith("/");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(URI.create(l.address()))
                  .header("Content-Type", "application/soap+xml; charset=utf-8")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(callback("urn:uuid:o", 1, "1").raw().getBytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(202);
      assertThat(ok.body()).isEmpty();
      HttpResponse<String> bad =
          http.send(
              HttpRequest.newBuilder(URI.create(l.address())).POST(HttpRequest.BodyPublishers.ofString("nope")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (got.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(got).hasSize(1);
      assertThat(got.get(0).sequence(RmVersion.RM10).orElseThrow().id()).isEqualTo("urn:uuid:o");
    }
  }

  @Test
  void aListenerWhoseLinkWithholdsTheAnswerDropsTheSendersConnectionAndMayDeliverTwice() throws Exception {
    List<Message> got = new CopyOnWriteArrayList<>();
    InboundLink lostAnswerSeenTwice =
        (answer, deliver) -> {
          deliver.run();
          deliver.run();
        };
    try (DualListener l = new DualListener(0, new HttpTransport(null, null), lostAnswerSeenTwice, got::add)) {
      HttpRequest post =
          HttpRequest.newBuilder(URI.create(l.address()))
              .header("Content-Type", "application/soap+xml; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofByteArray(callback("urn:uuid:o", 1, "1").raw().getBytes()))
              .build();
      // The service must see a lost exchange (and retransmit), not an answer.
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
      assertThat(got).hasSize(2);
    }
  }
}
