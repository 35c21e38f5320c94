package dev.tandem.client;

import dev.tandem.rm.TandemServer;
import java.io.IOException;
import java.util.List;

/**
 * One uber-jar server for the client's integration tests that need nothing special of it (failsafe
 * runs them in one JVM). Saves a server start-up (25–70 s on a loaded 2-core machine) per test class.
 */
final class SharedServer {
  private static TandemServer shared;

  private SharedServer() {}

  /**
   * The server, started by the first caller (or again when it has exited) with {@code
   * -Dtandem.rsp.delay=500}, log {@code target/it/shared/client-it.log}; stopped when the JVM exits.
   *
   * @throws IllegalStateException as {@link TandemServer#start(int, int, String, String)}
   */
  static synchronized TandemServer get() throws IOException, InterruptedException {
    if (shared == null || !shared.isAlive()) {
      TandemServer s =
          TandemServer.start(
              TandemServer.freePort(),
              TandemServer.freePort(),
              "shared",
              "client-it.log",
              List.of("-Dtandem.rsp.delay=500"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      s.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      shared = s;
    }
    return shared;
  }
}
