package dev.tandem.duplex;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.xml.transform.stream.StreamSource;
import org.xmlunit.xpath.JAXPXPathEngine;

/**
 * The listening half of a WCF dual client (wsDualHttpBinding's clientBaseAddress): a JDK HttpServer
 * on loopback that answers every POST 202 with an empty body and keeps what it received. Can be
 * stopped and started again to play an unreachable client: while stopped, every POST is read and its
 * connection closed without an answer (the sender's POST fails), and counted ({@link
 * #refusedConnections()}), so a test can wait for the server's attempts instead of sleeping.
 */
public final class DualClient implements AutoCloseable {
  static final Map<String, String> NS =
      Map.of(
          "s", "http://www.w3.org/2003/05/soap-envelope",
          "a", "http://www.w3.org/2005/08/addressing",
          "r10", "http://schemas.xmlsoap.org/ws/2005/02/rm",
          "r11", "http://docs.oasis-open.org/ws-rx/wsrm/200702",
          "d", "http://Microsoft.ServiceModel.Samples",
          "sdk", "http://Microsoft.Samples.Duplex");

  /** One pool for all listeners, so hundreds of clients do not mean thousands of threads. */
  private static final java.util.concurrent.ExecutorService HANDLERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dual-client");
            t.setDaemon(true);
            return t;
          });

  private final int port;
  private final String path = "/myClient/" + UUID.randomUUID() + "/";
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final JAXPXPathEngine xpath = new JAXPXPathEngine();
  private final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();
  private HttpServer server;
  private volatile boolean down;

  public DualClient() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    xpath.setNamespaceContext(NS);
    start();
  }

  /** The client's address, as it puts it in ReplyTo and AcksTo. */
  String address() {
    return "http://127.0.0.1:" + port + path;
  }

  /** Starts listening, or answers again after {@link #stop()}. */
  public void start() throws IOException {
    down = false;
    if (server != null) {
      return;
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server.setExecutor(HANDLERS);
    server.createContext(
        path,
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (down) {
              refused.incrementAndGet();
              exchange.close(); // no status line: the connection just ends
              return;
            }
            received.add(new String(body, StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    server.start();
  }

  /**
   * Stops answering: until {@link #start()}, each POST to the address ends without an answer (the
   * sender's POST fails) and is counted.
   */
  public void stop() {
    down = true;
  }

  /** POSTs left unanswered while the client was stopped. */
  public int refusedConnections() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public List<String> received() {
    return new ArrayList<>(received);
  }

  public String x(String path, String xml) {
    return xpath.evaluate(path, new StreamSource(new StringReader(xml)));
  }

  /** Waits until some received message satisfies {@code test}; returns it. */
  String await(Predicate<String> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String m : received) {
        if (test.test(m)) {
          return m;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing matching arrived in " + timeout + "; received: " + received);
  }

  /** Waits for the message whose wsa:Action is {@code action}. */
  String awaitAction(String action, Duration timeout) throws InterruptedException {
    return await(m -> action.equals(x("//a:Action", m)), timeout);
  }
}
