package dev.tandem.peers.cxf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.balancer.RoundRobinBalancer;
import dev.tandem.lossy.ExecutionLedgerReader;
import dev.tandem.lossy.LossProfile;
import dev.tandem.lossy.LossyProxy;
import dev.tandem.rm.TandemServer;
import java.io.Closeable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache CXF's own WS-RM client (RM 1.0 and 1.1, configured as in {@link CxfReliableCalculatorIT})
 * against two uber-jar nodes with {@code tandem.cluster.enabled} on one PostgreSQL, behind a
 * balancer that sends each HTTP request to the next node: every call answered right, the execution
 * ledger shows each executed once, in order, and both nodes served. A pass-through {@link
 * LossyProxy} (no loss) in front of the balancer reads CXF's Sequence Identifiers off the wire.
 */
class CxfTwoNodeIT {
  static final int MESSAGES = 25;
  private static final List<TandemServer> NODES = new ArrayList<>();
  private static RoundRobinBalancer balancer;

  @BeforeAll
  static void start() throws Exception {
    ExecutionLedgerReader.requirePostgresql("CxfTwoNodeIT");
    for (int i = 0; i < 2; i++) {
      NODES.add(
          TandemServer.start(
              TandemServer.freePort(),
              TandemServer.freePort(),
              "cxf-two-node",
              "node-" + i + ".log",
              List.of(
                  "-Dtandem.ledger.enabled=true",
                  "-Dtandem.cluster.enabled=true",
                  "-XX:TieredStopAtLevel=1")));
    }
    balancer =
        new RoundRobinBalancer(
            NODES.stream().map(n -> URI.create("http://127.0.0.1:" + n.endpoint().getPort())).toList());
  }

  @AfterAll
  static void stop() throws Exception {
    if (balancer != null) {
      balancer.close();
    }
    for (TandemServer n : NODES) {
      n.close();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void cxfsReliableClientGetsEachCallOnceInOrderAcrossNodes() throws Exception {
    URI endpoint = balancer.via(NODES.get(0).endpoint());
    Set<String> created = ConcurrentHashMap.newKeySet();
    String[] versions = {CxfRmSource.RM10, CxfRmSource.RM11};
    ExecutorService clients = Executors.newFixedThreadPool(versions.length);
    try (LossyProxy wire =
        LossyProxy.start(
            endpoint,
            LossProfile.NONE,
            1,
            Path.of("target", "it", "cxf-two-node", "wire.log"))) {
      wire.observeResponses(body -> created.addAll(CxfLossyProxyIT.identifiers(body, "CreateSequenceResponse")));
      String address = wire.via(endpoint).toString();
      List<Future<?>> runs = new ArrayList<>();
      for (int s = 0; s < versions.length; s++) {
        String rm = versions[s];
        double base = 1000.0 * (s + 1);
        runs.add(
            clients.submit(
                () -> {
                  Bus bus = BusFactory.newInstance().createBus();
                  try {
                    ICalculator calc = CxfLossyProxyIT.proxy(bus, rm, address);
                    for (int n = 1; n <= MESSAGES; n++) {
                      assertThat(calc.add(n, base)).as("Add(%d, %s)", n, base).isEqualTo(n + base);
                    }
                    ((Closeable) calc).close();
                  } finally {
                    bus.shutdown(true);
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      clients.shutdownNow();
    }
    List<String> ids = List.copyOf(new HashSet<>(created));
    System.out.printf(
        "[CxfTwoNodeIT] CXF client, RM 1.0 + 1.1, %d calls each: requests per node %d / %d; ledger %s%n",
        MESSAGES, balancer.served(0), balancer.served(1), ExecutionLedgerReader.verdict(ids, MESSAGES));
    assertThat(ids).as("CXF's Sequences").hasSize(versions.length);
    assertThat(balancer.served(0)).as("both nodes served").isPositive();
    assertThat(balancer.served(1)).isPositive();
    ExecutionLedgerReader.assertExactlyOnceInOrder(ids, MESSAGES);
  }
}
