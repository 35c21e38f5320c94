package dev.tandem.lossy;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A plain HTTP load balancer for tests: each request goes to the next node in turn (no affinity,
 * no health checks), as a round-robin balancer in front of several Tandem nodes would send them. A
 * request whose node cannot be reached (connection refused: the node is down) goes to the next
 * node, as a balancer's passive health check does; once the request reached a node, its outcome is
 * the client's, whatever it is (no second copy is sent). With every node down the answer is 502.
 */
final class RoundRobinBalancer implements AutoCloseable {
  private final List<URI> nodes;
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder[] served;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** @param nodes each node's base URI, e.g. {@code http://127.0.0.1:8080} */
  RoundRobinBalancer(List<URI> nodes) throws IOException {
    this.nodes = List.copyOf(nodes);
    this.served = new LongAdder[nodes.size()];
    for (int i = 0; i < served.length; i++) {
      served[i] = new LongAdder();
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The balancer's URI for {@code uri}'s path on a node (scheme, host and port replaced). */
  URI via(URI uri) {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** How many requests node {@code i} was sent. */
  long served(int i) {
    return served[i].sum();
  }

  private void forward(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    int first = Math.floorMod(next.getAndIncrement(), nodes.size());
    int status = 502;
    byte[] answer = new byte[0];
    String answerType = null;
    for (int tried = 0; tried < nodes.size(); tried++) {
      int i = (first + tried) % nodes.size();
      try {
        HttpResponse<byte[]> response =
            http.send(request(exchange, nodes.get(i), body), HttpResponse.BodyHandlers.ofByteArray());
        served[i].increment();
        status = response.statusCode();
        answer = response.body();
        answerType = response.headers().firstValue("Content-Type").orElse(null);
        break;
      } catch (java.net.ConnectException down) {
        continue; // nothing reached that node: the next one gets the request
      } catch (IOException e) {
        break; // it may have reached the node: 502, and the client decides whether to retry
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (answerType != null) {
      exchange.getResponseHeaders().set("Content-Type", answerType);
    }
    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private static HttpRequest request(HttpExchange exchange, URI base, byte[] body) {
    URI uri = exchange.getRequestURI();
    URI target =
        URI.create(
            base.getScheme() + "://" + base.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(30))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : List.of("Content-Type", "SOAPAction")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return request.build();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
