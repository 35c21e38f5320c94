package dev.tandem.lossy;

import static dev.tandem.testing.Envelopes.calc;
import static dev.tandem.testing.Envelopes.createSequence;
import static dev.tandem.testing.Envelopes.terminate;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.stream.StreamSource;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * A raw WS-RM client of the reliable calculator for the durability tests: one Sequence (February
 * 2005 or 1.1, with an Offer, as WCF sends it), {@code Add(n, base)} as message n, up to {@code
 * window} messages in flight, and each message retransmitted with the same MessageID and
 * MessageNumber until its correct reply arrives (WS-RM 1.1 §2.4: the RM Source retransmits an
 * unacknowledged message; a held message is only acknowledged, so its reply comes on a retry).
 *
 * <p>Whatever the link or server does — no answer, a closed connection, an acknowledgement without
 * the reply, a SOAP fault — the message is retried after a short back-off, until the deadline. Only
 * a reply that is wrong (another result, another RelatesTo, a reply number other than n) fails at
 * once: in-order, exactly-once execution makes reply n the n-th reply of the offered Sequence.
 */
final class ReliableCalculatorClient {
  static final Map<String, String> NS =
      Map.of(
          "s", "http://www.w3.org/2003/05/soap-envelope",
          "a", "http://www.w3.org/2005/08/addressing",
          "r10", "http://schemas.xmlsoap.org/ws/2005/02/rm",
          "r11", "http://docs.oasis-open.org/ws-rx/wsrm/200702",
          "c", "http://Microsoft.ServiceModel.Samples");

  /** Counters shared by all sessions of one test, for its printed figures. */
  static final class Figures {
    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder transportErrors = new LongAdder();
    final LongAdder ackOnly = new LongAdder();
    final LongAdder replies = new LongAdder();
    /** SOAP faults by their text (reason or subcode). */
    final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    /** Told of every answer (status -1: no HTTP answer), e.g. to judge answers during an outage. */
    volatile java.util.function.Consumer<Observation> observer = o -> {};

    long faultCount() {
      return faults.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public String toString() {
      return "requests=" + requests + ", retries=" + retries + ", transport-errors=" + transportErrors
          + ", ack-only=" + ackOnly + ", replies=" + replies + ", faults=" + faults;
    }
  }

  /**
   * One HTTP exchange as the client saw it.
   *
   * @param status the HTTP status, or -1 when no answer came (the body then holds the exception)
   * @param millis from sending to the answer (or the failure), in ms
   */
  record Observation(int status, String contentType, String body, long millis) {}

  /** A reply that proves a protocol violation, not a bad link: fails the test at once. */
  static final class WrongReplyException extends RuntimeException {
    WrongReplyException(String message) {
      super(message);
    }
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String rm;
  private final double base;
  private final Figures figures;
  private final long deadlineNanos;
  private String sequenceId;

  /**
   * @param rm the WS-RM namespace (Envelopes.RM10 or RM11)
   * @param base n2 of every Add, so that each Sequence's results differ
   * @param deadline when every operation of this client gives up (System.nanoTime())
   */
  ReliableCalculatorClient(
      HttpClient http, URI endpoint, String rm, double base, Figures figures, long deadline) {
    this.http = http;
    this.endpoint = endpoint;
    this.rm = rm;
    this.base = base;
    this.figures = figures;
    this.deadlineNanos = deadline;
  }

  String sequenceId() {
    return sequenceId;
  }

  /** CreateSequence with an Offer, retried (a retried CreateSequence gets the same Sequence). */
  String create() throws InterruptedException, TimeoutException {
    String offer = "urn:uuid:" + UUID.randomUUID();
    String request = createSequence(rm, offer, "urn:uuid:cs-" + offer.substring(9));
    String prefix = rm.endsWith("200702") ? "r11" : "r10";
    for (int attempt = 0; ; attempt++) {
      String body = attempt(request, attempt);
      String id =
          body == null ? "" : x("//" + prefix + ":CreateSequenceResponse/" + prefix + ":Identifier", body);
      if (!id.isEmpty()) {
        sequenceId = id;
        return id;
      }
      backOff(attempt);
    }
  }

  /**
   * Sends messages 1..{@code messages}, at most {@code window} unanswered at once, each until its
   * correct reply.
   */
  void run(int messages, int window, ExecutorService pool) throws Exception {
    Semaphore inFlight = new Semaphore(window);
    List<Future<?>> sent = new ArrayList<>();
    for (long n = 1; n <= messages; n++) {
      inFlight.acquire();
      long number = n;
      sent.add(
          pool.submit(
              () -> {
                try {
                  send(number);
                } finally {
                  inFlight.release();
                }
                return null;
              }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
  }

  /** TerminateSequence, retried until answered 200 (a retry after termination gets the same). */
  void terminateSequence() throws InterruptedException, TimeoutException {
    String request = terminate(rm, sequenceId, null);
    for (int attempt = 0; ; attempt++) {
      String body = attempt(request, attempt);
      if (body != null && body.contains("TerminateSequence")) {
        return;
      }
      backOff(attempt);
    }
  }

  private void send(long n) throws InterruptedException, TimeoutException {
    String request = calc(rm, sequenceId, n, "Add", Long.toString(n), Double.toString(base));
    String messageId = "urn:uuid:m-" + sequenceId + "-" + n;
    for (int attempt = 0; ; attempt++) {
      String body = attempt(request, attempt);
      if (body != null && body.contains("AddResult")) {
        check(n, messageId, body);
        figures.replies.increment();
        return;
      }
      if (body != null && !body.contains("Fault")) {
        figures.ackOnly.increment(); // held ahead of a gap, or a duplicate of a held one
      }
      backOff(attempt);
    }
  }

  private void check(long n, String messageId, String body) {
    double result = Double.parseDouble(x("//c:AddResult", body));
    String relatesTo = x("//a:RelatesTo", body);
    String replyNumber = x("/s:Envelope/s:Header/*[local-name()='Sequence']/*[local-name()='MessageNumber']", body);
    if (result != n + base || !messageId.equals(relatesTo) || !Long.toString(n).equals(replyNumber)) {
      throw new WrongReplyException(
          sequenceId + " #" + n + ": result " + result + " (expected " + (n + base) + "), RelatesTo "
              + relatesTo + ", reply MessageNumber " + replyNumber);
    }
  }

  /** One POST: the answer's body when it is a 200, null otherwise (counted by kind). */
  private String attempt(String envelope, int attempt) throws InterruptedException, TimeoutException {
    if (System.nanoTime() > deadlineNanos) {
      throw new TimeoutException("deadline passed; " + sequenceId + ", " + figures);
    }
    figures.requests.increment();
    if (attempt > 0) {
      figures.retries.increment();
    }
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> resp;
    long sent = System.nanoTime();
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      figures.transportErrors.increment();
      figures.observer.accept(new Observation(-1, "", e.toString(), (System.nanoTime() - sent) / 1_000_000));
      return null;
    }
    figures.observer.accept(
        new Observation(
            resp.statusCode(),
            resp.headers().firstValue("Content-Type").orElse(""),
            resp.body(),
            (System.nanoTime() - sent) / 1_000_000));
    if (resp.statusCode() == 200) {
      return resp.body();
    }
    String reason = resp.body().contains("Fault") ? faultText(resp.body()) : "";
    figures.faults
        .computeIfAbsent(resp.statusCode() + " " + reason, k -> new LongAdder())
        .increment();
    return null;
  }

  private static String faultText(String body) {
    String subcode = x("//s:Subcode/s:Subcode/s:Value", body);
    if (subcode.isEmpty()) {
      subcode = x("//s:Subcode/s:Value", body);
    }
    return subcode.isEmpty() ? x("//s:Reason/s:Text", body) : subcode;
  }

  /** 50 ms, doubling to at most 1.6 s: quick enough for the tests, gentle on a restarting server. */
  private static void backOff(int attempt) throws InterruptedException {
    Thread.sleep(50L << Math.min(attempt, 5));
  }

  static String x(String path, String xml) {
    JAXPXPathEngine xpath = new JAXPXPathEngine();
    xpath.setNamespaceContext(NS);
    try {
      return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
    } catch (RuntimeException notXml) {
      return "";
    }
  }
}
