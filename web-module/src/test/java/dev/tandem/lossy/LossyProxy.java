package dev.tandem.lossy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lossy HTTP link for tests: a JDK {@link HttpServer} on a free loopback port that forwards every
 * request to {@code upstream} with the JDK {@link HttpClient}, applying one {@link LinkFault} per
 * exchange drawn from a seeded {@link Random} (so a failing run's seed, printed at start, replays the
 * same draw sequence; with concurrent clients the draws meet the requests in scheduling order, so a
 * replay is faithful in its mix, not request for request).
 *
 * <p>A dropped request or response closes the client's connection without an HTTP answer (what a
 * broken link or a crashed intermediary looks like); an unreachable upstream (server killed) does the
 * same. Every action is written, one line per exchange, to the log file given at start.
 */
public final class LossyProxy implements AutoCloseable {
  /** The longest a {@link LinkFault#REORDER}ed request waits for the next one, in ms. */
  public static final long REORDER_HOLD_MS = 1_000;
  /** A {@link LinkFault#DELAY} lasts 20 ms to this bound, in ms. */
  public static final int MAX_DELAY_MS = 400;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http;
  private final URI upstream;
  private final LossProfile profile;
  private final Random random;
  private final PrintWriter log;
  private final Map<LinkFault, LongAdder> counts = new EnumMap<>(LinkFault.class);
  private final LongAdder upstreamFailures = new LongAdder();
  private final AtomicLong exchanges = new AtomicLong();
  private volatile LossProfile current;
  private volatile java.util.function.Consumer<byte[]> responses = body -> {};
  private volatile java.util.function.Consumer<byte[]> requests = body -> {};
  private CountDownLatch held; // guarded by this

  private LossyProxy(URI upstream, LossProfile profile, long seed, Path logFile) throws IOException {
    this.upstream = upstream;
    this.profile = profile;
    this.current = profile;
    this.random = new Random(seed);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    this.log = new PrintWriter(Files.newBufferedWriter(logFile), true);
    for (LinkFault f : LinkFault.values()) {
      counts.put(f, new LongAdder());
    }
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(threads)
            .build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    log.printf("seed %d, upstream %s, profile %s%n", seed, upstream, profile);
  }

  /**
   * Starts a proxy in front of {@code upstream} (scheme, host and port; the request path and query
   * are kept) on a free port of 127.0.0.1, and prints its port, seed and profile to standard out.
   *
   * @param upstream the server, e.g. {@code http://127.0.0.1:8080/servicemodelsamples/service.svc}
   *     (only its scheme and authority are used)
   * @param profile the probability of each fault per exchange
   * @param seed seed of the fault draws; printed so that a failure can be replayed
   * @param logFile where each exchange's fate is logged, one line per exchange (its directories are
   *     created; an existing file is overwritten)
   * @return the started proxy; {@link #close()} it
   * @throws IOException when the port cannot be bound or the log file cannot be created
   */
  public static LossyProxy start(URI upstream, LossProfile profile, long seed, Path logFile)
      throws IOException {
    LossyProxy proxy = new LossyProxy(upstream, profile, seed, logFile);
    proxy.server.start();
    System.out.printf(
        "[LossyProxy] port %d -> %s, seed %d (replay with -Dlossy.seed=%d), %s, log %s%n",
        proxy.port(), upstream, seed, seed, profile, logFile);
    return proxy;
  }

  /** The seed from {@code -Dlossy.seed}, or a fresh one ({@link System#nanoTime()}). */
  public static long seed() {
    return Long.getLong("lossy.seed", System.nanoTime());
  }

  /** The loopback port this proxy listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * {@code uri} with its scheme, host and port replaced by this proxy's ({@code http://127.0.0.1:port}),
   * path and query kept: the address a client calls to go through the link.
   */
  public URI via(URI uri) {
    return URI.create("http://127.0.0.1:" + port() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** Switches faults off ({@link LossProfile#NONE}) or back on, e.g. for a clean shutdown phase. */
  public void faults(boolean on) {
    current = on ? profile : LossProfile.NONE;
  }

  /**
   * Shows every response body the upstream sent, dropped or not, to {@code observer} (called on the
   * proxy's threads, possibly concurrently, before the response is dropped or passed on): how a test
   * learns, e.g., the Sequences a third-party client created. Replaces any previous observer.
   *
   * @param observer gets each response body as received (bytes, usually a UTF-8 SOAP envelope); it
   *     must be thread-safe and must not throw
   */
  public void observeResponses(java.util.function.Consumer<byte[]> observer) {
    responses = observer;
  }

  /**
   * Shows every request body a client sent, before its fault is applied (so dropped ones too, and a
   * {@link LinkFault#DUPLICATE} once), to {@code observer} (called on the proxy's threads, possibly
   * concurrently): how a test counts, e.g., a third-party client's retransmissions. Replaces any
   * previous observer.
   *
   * @param observer gets each request body as received; it must be thread-safe and must not throw
   */
  public void observeRequests(java.util.function.Consumer<byte[]> observer) {
    requests = observer;
  }

  /** How many exchanges got {@code fault} so far (a {@link LinkFault#DUPLICATE} counts once). */
  public long count(LinkFault fault) {
    return counts.get(fault).sum();
  }

  /** HTTP exchanges the proxy has accepted so far, whatever their fate. */
  public long exchanges() {
    return exchanges.get();
  }

  /** Exchanges whose upstream could not be reached or failed (server down). */
  public long upstreamFailures() {
    return upstreamFailures.sum();
  }

  /**
   * One line of figures, e.g. {@code exchanges=230, pass=180, delay=12, drop_request=9, …,
   * upstream-failures=0}: exchanges and each fault's count.
   */
  public String figures() {
    StringBuilder b = new StringBuilder("exchanges=" + exchanges());
    counts.forEach((f, n) -> b.append(", ").append(f.name().toLowerCase()).append('=').append(n.sum()));
    return b.append(", upstream-failures=").append(upstreamFailures()).toString();
  }

  private LinkFault draw() {
    synchronized (random) {
      return current.draw(random);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    long id = exchanges.incrementAndGet();
    LinkFault fault = draw();
    counts.get(fault).increment();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.accept(body);
      HttpRequest request = forward(exchange, body);
      log.printf("%d %s %s %s%n", id, fault, exchange.getRequestMethod(), summary(body));
      switch (fault) {
        case DROP_REQUEST:
          return; // closing without sendResponseHeaders drops the connection
        case DELAY:
          // The delay's length only changes timing, not which fault happens: no need to replay it.
          Thread.sleep(20 + java.util.concurrent.ThreadLocalRandom.current().nextInt(MAX_DELAY_MS - 20));
          break;
        case REORDER:
          holdUntilNext();
          break;
        default:
          break;
      }
      HttpResponse<byte[]> response;
      try {
        if (fault == LinkFault.DUPLICATE) {
          CompletableFuture<HttpResponse<byte[]>> first =
              http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
          response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          first.exceptionally(e -> null).join();
        } else {
          response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
      } catch (IOException e) {
        upstreamFailures.increment();
        log.printf("%d upstream failed: %s%n", id, e);
        return; // the server is down: the client sees its connection closed
      } finally {
        if (fault != LinkFault.REORDER) {
          releaseHeld();
        }
      }
      responses.accept(response.body());
      if (fault == LinkFault.DROP_RESPONSE) {
        log.printf("%d response %d dropped%n", id, response.statusCode());
        return;
      }
      response.headers().firstValue("Content-Type")
          .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | UncheckedIOException e) {
      log.printf("%d client side failed: %s%n", id, e);
    }
  }

  private HttpRequest forward(HttpExchange exchange, byte[] body) {
    URI target = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority()
        + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60));
    for (String h : new String[] {"Content-Type", "SOAPAction", "Accept"}) {
      String v = exchange.getRequestHeaders().getFirst(h);
      if (v != null) {
        b.header(h, v);
      }
    }
    return "GET".equals(exchange.getRequestMethod())
        ? b.GET().build()
        : b.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** Holds this request until another one has been forwarded, at most {@link #REORDER_HOLD_MS}. */
  private void holdUntilNext() throws InterruptedException {
    CountDownLatch mine = new CountDownLatch(1);
    synchronized (this) {
      if (held != null) {
        return; // one held request at a time; this one just passes
      }
      held = mine;
    }
    mine.await(REORDER_HOLD_MS, TimeUnit.MILLISECONDS);
    synchronized (this) {
      if (held == mine) {
        held = null;
      }
    }
  }

  private synchronized void releaseHeld() {
    if (held != null) {
      held.countDown();
      held = null;
    }
  }

  /** The wsa:Action and MessageNumber of a SOAP request, for the log. */
  private static String summary(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
    return between(s, "Action", "") + " #" + between(s, "MessageNumber>", "<");
  }

  private static String between(String s, String start, String end) {
    int i = s.indexOf(start);
    if (i < 0) {
      return "-";
    }
    if (end.isEmpty()) {
      int gt = s.indexOf('>', i);
      int lt = gt < 0 ? -1 : s.indexOf('<', gt);
      return gt < 0 || lt < 0 ? "-" : s.substring(gt + 1, lt);
    }
    int j = s.indexOf(end, i + start.length());
    return j < 0 ? "-" : s.substring(i + start.length(), j);
  }

  /** Stops listening (open exchanges are cut), stops the proxy's threads and closes the log. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    log.printf("closed: %s%n", figures());
    log.close();
  }
}
