package dev.tandem.client.rm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The listening half of a dual HTTP client (wsDualHttpBinding's clientBaseAddress): a JDK HttpServer
 * on 127.0.0.1 that answers every POST 202 with an empty body and hands the envelope on.
 */
public final class DualListener implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final String address;

  public DualListener(int port, HttpTransport log, Consumer<Message> sink) throws IOException {
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
    server.createContext(
        path,
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          Message m = null;
          try {
            m = Message.parse(body);
          } catch (IOException notSoap) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
          log.logReceived("POST " + exchange.getRequestURI(), m);
          sink.accept(m);
        });
    server.start();
    address = "http://127.0.0.1:" + server.getAddress().getPort() + path;
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
