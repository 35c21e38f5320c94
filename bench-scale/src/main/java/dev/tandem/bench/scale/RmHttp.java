package dev.tandem.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Tandem RM endpoint over HTTP/1.1 (JDK HttpClient, thread-safe, one keep-alive connection per
 * concurrent caller). Opens Sequences and sends Add calls; answers are checked with regular
 * expressions, not parsed, so the client costs little CPU next to the server on the same 2 cores.
 */
final class RmHttp {
  private static final Pattern CS_ID =
      Pattern.compile("CreateSequenceResponse.*?Identifier>([^<]+)</", Pattern.DOTALL);
  private static final Pattern ADD_RESULT = Pattern.compile("AddResult>([^<]+)</");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;
  final RmEnvelopes envelopes;

  /** @param endpoint e.g. {@code http://127.0.0.1:8650/servicemodelsamples/service.svc} */
  RmHttp(URI endpoint) {
    this.endpoint = endpoint;
    this.envelopes = new RmEnvelopes(endpoint.toString());
  }

  /** Thrown for a reply that is not the expected one (HTTP status and the body's start). */
  static final class BadReply extends IOException {
    BadReply(int status, String body) {
      super("HTTP " + status + ": " + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
    }
  }

  private String post(byte[] body) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new BadReply(resp.statusCode(), resp.body());
    }
    return resp.body();
  }

  /** Creates a Sequence; returns its Identifier. */
  String createSequence() throws IOException, InterruptedException {
    String body = post(envelopes.createSequence());
    Matcher m = CS_ID.matcher(body);
    if (!m.find()) {
      throw new BadReply(200, body);
    }
    return m.group(1);
  }

  /** Sends message {@code n} (Add(n, 1)) and checks the reply carries its result, n + 1. */
  void add(String seqId, long n) throws IOException, InterruptedException {
    String body = post(envelopes.add(seqId, n));
    Matcher m = ADD_RESULT.matcher(body);
    if (!m.find() || Double.parseDouble(m.group(1)) != n + 1) {
      throw new BadReply(200, body);
    }
  }

  /** HTTP status of {@code GET endpoint?wsdl}, or -1 when nothing answers. */
  int wsdlStatus() {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(endpoint + "?wsdl")).timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
