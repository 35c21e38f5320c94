package dev.tandem.balancer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
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
 * A plain HTTP load balancer in front of several Tandem nodes, for the soak ({@code tandem-client soak
 * --nodes}) and multi-node tests. It listens on the loopback interface; each request goes to the next
 * node in turn (no affinity, no health checks), as a round-robin balancer would send it.
 *
 * <p>A request whose node refuses the connection (the node is down) goes to the next node, as a
 * balancer's passive health check does. Once a request may have reached a node, that node's answer
 * (status, {@code Content-Type} and body, whatever the status) is the client's, and no second copy is
 * sent anywhere: any other error (reset, timeout, a node killed mid-request) is answered 502, and so
 * is a request every node refused. The client decides whether to send it again.
 *
 * <p>Only the method, path, query, body, {@code Content-Type} and {@code SOAPAction} are forwarded, over
 * HTTP/1.1. A request may take up to the node timeout (default 30 s, above the 15 s a server holds
 * a MakeConnection long poll).
 */
public final class RoundRobinBalancer implements AutoCloseable {
  /** How long a node may take to answer one request, by default. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> nodes;
  private final Duration nodeTimeout;
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder[] served;
  private final LongAdder failovers = new LongAdder();
  private final LongAdder badGateway = new LongAdder();
  private final HttpServer server;
  // Unbounded: a long poll holds its thread up to the node timeout, and must not hold up others.
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Starts a balancer on a free loopback port with the {@linkplain #DEFAULT_NODE_TIMEOUT default node
   * timeout}.
   *
   * @param nodes each node's base URI, e.g. {@code http://127.0.0.1:8080} (path ignored)
   * @throws IOException when it cannot listen
   */
  public RoundRobinBalancer(List<URI> nodes) throws IOException {
    this(nodes, DEFAULT_NODE_TIMEOUT);
  }

  /**
   * Starts a balancer on a free loopback port.
   *
   * @param nodes each node's base URI, e.g. {@code http://127.0.0.1:8080} (path ignored); at least one
   * @param nodeTimeout how long a node may take to answer a request before the balancer answers 502
   * @throws IOException when it cannot listen
   */
  public RoundRobinBalancer(List<URI> nodes, Duration nodeTimeout) throws IOException {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no nodes");
    }
    this.nodes = List.copyOf(nodes);
    this.nodeTimeout = nodeTimeout;
    this.served = new LongAdder[nodes.size()];
    for (int i = 0; i < served.length; i++) {
      served[i] = new LongAdder();
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The port the balancer listens on (loopback). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The balancer's URI for {@code uri}'s path and query on a node (scheme, host and port replaced). */
  public URI via(URI uri) {
    return URI.create(
        "http://127.0.0.1:" + port() + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** How many requests node {@code i} (index into the constructor's list) answered. */
  public long served(int i) {
    return served[i].sum();
  }

  /** How many times a node refused a request's connection and the request went to the next one. */
  public long failovers() {
    return failovers.sum();
  }

  /** How many requests were answered 502 (every node refused, or another error). */
  public long badGateway() {
    return badGateway.sum();
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
    boolean answered = false;
    for (int tried = 0; tried < nodes.size(); tried++) {
      int i = (first + tried) % nodes.size();
      try {
        HttpResponse<byte[]> response =
            http.send(request(exchange, nodes.get(i), body), HttpResponse.BodyHandlers.ofByteArray());
        served[i].increment();
        answered = true;
        status = response.statusCode();
        answer = response.body();
        answerType = response.headers().firstValue("Content-Type").orElse(null);
        break;
      } catch (ConnectException down) {
        if (tried + 1 < nodes.size()) {
          failovers.increment(); // nothing reached that node: the next one gets the request
        }
      } catch (IOException e) {
        break; // it may have reached the node: 502, and the client decides whether to retry
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!answered) {
      badGateway.increment();
    }
    if (answerType != null) {
      exchange.getResponseHeaders().set("Content-Type", answerType);
    }
    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private HttpRequest request(HttpExchange exchange, URI base, byte[] body) {
    URI uri = exchange.getRequestURI();
    URI target =
        URI.create(
            base.getScheme() + "://" + base.getRawAuthority() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(nodeTimeout)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : List.of("Content-Type", "SOAPAction")) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return request.build();
  }

  /** Stops listening at once (requests in flight are cut off). */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
