package dev.tandem.client.rm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The listening half of a dual HTTP client (wsDualHttpBinding's clientBaseAddress): a JDK HttpServer
 * on 127.0.0.1 that answers every POST 202 with an empty body and hands the envelope on (through an
 * {@link InboundLink}, which a soak test makes lossy). A body that is not SOAP gets 400.
 */
public final class DualListener implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final String address;

  /** A listener on a perfect network. */
  public DualListener(int port, HttpTransport log, Consumer<Message> sink) throws IOException {
    this(port, log, InboundLink.PERFECT, sink);
  }

  /**
   * @param port port on 127.0.0.1 (0: any free port)
   * @param log where received messages are logged (with {@code --verbose})
   * @param link what the network does to each arriving message
   * @param sink takes each delivered message; called on a listener thread or, for a delayed
   *     message, a timer thread
   * @throws IOException when the port cannot be bound
   */
  public DualListener(int port, HttpTransport log, InboundLink link, Consumer<Message> sink)
      throws IOException {
    String path = "/tandem-client/" + UUID.randomUUID() + "/";
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "dual-listener");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext(path, exchange -> receive(exchange, log, link, sink));
    server.start();
    address = "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void receive(HttpExchange exchange, HttpTransport log, InboundLink link, Consumer<Message> sink)
      throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Message m;
    try {
      m = Message.parse(body);
    } catch (IOException notSoap) {
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
      return;
    }
    try {
      link.arrive(
          () -> {
            try {
              exchange.sendResponseHeaders(202, -1);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          () -> {
            log.logReceived("POST " + exchange.getRequestURI(), m);
            sink.accept(m);
          });
    } finally {
      exchange.close(); // without a response sent, this drops the connection: the sender sees a lost exchange
    }
  }

  /** The address for ReplyTo / AcksTo / Offer Endpoint. */
  public String address() {
    return address;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
