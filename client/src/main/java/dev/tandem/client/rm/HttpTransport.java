package dev.tandem.client.rm;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** SOAP 1.2 over HTTP(S) POST with the JDK HttpClient; optionally logs every message. */
public final class HttpTransport {
  /** The HTTP status and the envelope of the response (null for an empty body, e.g. 202). */
  public record Response(int status, Message message) {}

  private final HttpClient client;
  private final PrintWriter log;
  private final Link link;

  /**
   * @param sslContext trust for https (null: the JDK default); host names are always verified
   * @param log where {@code --verbose} prints messages, or null
   */
  public HttpTransport(SSLContext sslContext, PrintWriter log) {
    this(sslContext, log, Link.PERFECT);
  }

  /**
   * @param link what the network does to each exchange ({@link Link#PERFECT}, or a lossy one in a
   *     soak test)
   */
  public HttpTransport(SSLContext sslContext, PrintWriter log, Link link) {
    this.link = link;
    HttpClient.Builder b =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    this.client = b.build();
    this.log = log;
  }

  /** Logs a message received outside an HTTP response (listener). */
  public void logReceived(String via, Message m) {
    if (log != null) {
      synchronized (log) {
        log.println("<<< " + via);
        log.println(Xml.toString(m.document(), true));
        log.flush();
      }
    }
  }

  /**
   * POSTs {@code envelope}. A response body that is not SOAP with an error status is a {@link
   * TransportException}; an I/O failure is an {@link IOException} (retryable).
   */
  public Response post(URI uri, Envelope envelope, Duration timeout) throws IOException, InterruptedException {
    return post(uri, envelope.toBytes(), envelope::toString, timeout);
  }

  /**
   * POSTs an envelope as stored (a retransmission after a restart), byte for byte.
   *
   * @see #post(URI, Envelope, Duration)
   */
  public Response post(URI uri, byte[] envelope, Duration timeout) throws IOException, InterruptedException {
    return post(uri, envelope, () -> prettyOrRaw(envelope), timeout);
  }

  private static String prettyOrRaw(byte[] envelope) {
    try {
      return Xml.toString(Xml.parse(envelope), true);
    } catch (IOException e) {
      return new String(envelope, StandardCharsets.UTF_8);
    }
  }

  private Response post(URI uri, byte[] bytes, java.util.function.Supplier<String> pretty, Duration timeout)
      throws IOException, InterruptedException {
    if (log != null) {
      synchronized (log) {
        log.println(">>> POST " + uri);
        log.println(pretty.get());
        log.flush();
      }
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/soap+xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<byte[]> r = link.exchange(client, request);
    byte[] body = r.body();
    if (body == null || body.length == 0 || isBlank(body)) {
      if (log != null) {
        synchronized (log) {
          log.println("<<< HTTP " + r.statusCode() + " (empty)");
          log.flush();
        }
      }
      if (r.statusCode() >= 300) {
        throw new TransportException("HTTP " + r.statusCode() + " from " + uri);
      }
      return new Response(r.statusCode(), null);
    }
    Message m;
    try {
      m = Message.parse(body);
    } catch (IOException notSoap) {
      throw new TransportException(
          "HTTP " + r.statusCode() + " from " + uri + " is not a SOAP 1.2 envelope: " + notSoap.getMessage(),
          notSoap);
    }
    if (log != null) {
      synchronized (log) {
        log.println("<<< HTTP " + r.statusCode());
        log.println(Xml.toString(m.document(), true));
        log.flush();
      }
    }
    return new Response(r.statusCode(), m);
  }

  private static boolean isBlank(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).isBlank();
  }
}
