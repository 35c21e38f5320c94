package dev.tandem.peers.cxf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP relay in front of the server that records each exchange's wsa:Action and HTTP
 * status: what CXF's logging cannot show for a message answered 202 with an empty body (its RM 1.0
 * close with RMFeature on the proxy factory only).
 */
final class RecordingRelay implements AutoCloseable {
  /** One exchange: the request's wsa:Action ("" when none) and the server's HTTP status. */
  record Exchange(String action, int status) {}

  private static final Pattern ACTION = Pattern.compile("Action[^>]*>\\s*([^<\\s]+)\\s*<");

  private final URI upstream;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

  private RecordingRelay(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::relay);
  }

  /** Starts a relay to {@code upstream}'s scheme and authority (paths are kept). */
  static RecordingRelay start(URI upstream) throws IOException {
    RecordingRelay r = new RecordingRelay(upstream);
    r.server.start();
    return r;
  }

  /** {@code uri} with its scheme, host and port replaced by the relay's. */
  URI via(URI uri) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + uri.getRawPath());
  }

  /** The exchanges so far, in the order their answers came. */
  List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().getRawPath()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        request.header("Content-Type", type);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      Matcher m = ACTION.matcher(new String(body, StandardCharsets.UTF_8));
      exchanges.add(new Exchange(m.find() ? m.group(1) : "", response.statusCode()));
      response.headers().firstValue("Content-Type")
          .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
