package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.TandemServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Clustering asked for on the single-node default store: the uber-jar on embedded H2 with {@code
 * tandem.cluster.enabled=true} must not serve (each node would have a database of its own) and must
 * say why at start-up.
 */
class ClusterOnH2IT {

  @Test
  void clusteringOnH2FailsTheDeploymentWithAClearMessage() throws Exception {
    Path jar = Path.of("target", "tandem-micro.jar").toAbsolutePath();
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"), "cluster-on-h2").toAbsolutePath();
    Files.createDirectories(work);
    Path log = work.resolve("server.log");
    int port = TandemServer.freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dtandem.cluster.enabled=true",
                    "-XX:TieredStopAtLevel=1",
                    "-jar", jar.toString(),
                    "--port", Integer.toString(port),
                    "--sslport", Integer.toString(TandemServer.freePort())))
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("TANDEM_JDBC_URL", ""); // blank: the embedded H2 default
    pb.environment().put("TANDEM_DATA_DIR", work.resolve("h2").toString());
    pb.environment().put("TANDEM_BIND_ADDRESS", "127.0.0.1");
    Process server = pb.start();
    try {
      await("Payara Micro done starting")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !server.isAlive() || Files.readString(log).contains("Payara Micro URLs"));
      String output = Files.readString(log);
      assertThat(output)
          .contains(
              "TANDEM-CLUSTER-0001 tandem.cluster.enabled=true needs the PostgreSQL database all"
                  + " nodes share, but this node's store (java:app/jdbc/tandem-default) is H2");
      if (server.isAlive()) {
        HttpResponse<Void> wsdl =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + port + "/servicemodelsamples/service.svc?wsdl"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
        assertThat(wsdl.statusCode()).as("nothing is served").isEqualTo(404);
      }
    } finally {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
