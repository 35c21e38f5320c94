package dev.tandem.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A recording HTTP relay between a peer client and Tandem, on loopback: every POST is forwarded
 * unchanged to the target and its HTTP status and body are returned unchanged, and the pair is kept
 * as one {@link Exchange} (optionally losing chosen responses). Tests read it to prove on which HTTP response a message travelled (e.g. a
 * reply on a WS-MakeConnection poll's response rather than on its request's), which a client-side
 * message dump cannot show.
 */
final class WireTap implements AutoCloseable {
  /**
   * One HTTP round trip as seen between client and server; bodies are UTF-8 text, times from {@link
   * System#nanoTime()} when the request arrived and when the server's response came back.
   */
  record Exchange(String request, int status, String response, long receivedNanos, long answeredNanos) {}

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI target;
  private final List<Exchange> exchanges = new ArrayList<>();
  private volatile Predicate<String> loseResponse = body -> false;

  private WireTap(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", this::relay);
    server.setExecutor(handlers);
    server.start();
  }

  /**
   * Starts a relay to {@code target} on a free loopback port.
   *
   * @param target the absolute URI every request is forwarded to, whatever path it was posted to
   */
  static WireTap to(URI target) throws IOException {
    return new WireTap(target);
  }

  /** The address clients post to: the target's path on the relay's port. */
  URI address() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath());
  }

  /**
   * From now on, a request whose body matches {@code when} is still forwarded and recorded with the
   * server's real answer, but the client gets an empty 202 instead: the reply is lost on the way
   * back, as when a NAT or proxy drops the HTTP response.
   */
  void loseResponseWhen(Predicate<String> when) {
    loseResponse = when;
  }

  /** The exchanges completed so far, in the order their responses came back. */
  synchronized List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  private void relay(HttpExchange in) throws IOException {
    try (in) {
      long received = System.nanoTime();
      byte[] body;
      try (InputStream is = in.getRequestBody()) {
        body = is.readAllBytes();
      }
      HttpRequest.Builder out =
          HttpRequest.newBuilder(target)
              // A MakeConnection poll is held by the server for up to its hold time (15 s).
              .timeout(Duration.ofSeconds(90))
              .method(in.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : List.of("Content-Type", "SOAPAction", "Accept")) {
        String value = in.getRequestHeaders().getFirst(name);
        if (value != null) {
          out.header(name, value);
        }
      }
      HttpResponse<byte[]> r;
      try {
        r = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        in.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        in.sendResponseHeaders(502, -1);
        return;
      }
      synchronized (this) {
        exchanges.add(
            new Exchange(
                new String(body, StandardCharsets.UTF_8),
                r.statusCode(),
                new String(r.body(), StandardCharsets.UTF_8),
                received,
                System.nanoTime()));
      }
      if (loseResponse.test(new String(body, StandardCharsets.UTF_8))) {
        in.sendResponseHeaders(202, -1);
        return;
      }
      r.headers().firstValue("Content-Type").ifPresent(v -> in.getResponseHeaders().set("Content-Type", v));
      boolean empty = r.body().length == 0;
      in.sendResponseHeaders(r.statusCode(), empty ? -1 : r.body().length);
      if (!empty) {
        try (OutputStream os = in.getResponseBody()) {
          os.write(r.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
