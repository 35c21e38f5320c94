package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.cli.TandemClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import picocli.CommandLine;

/**
 * A reduced run of {@code tandem-client soak} as CI can afford it: 8 sessions x 25 Adds through a
 * lossy link (10 % lost, 5 % duplicated, 5 % reordered) while the server it started is SIGKILLed
 * once and restarted on the same PostgreSQL; the soak's own verdict (from the execution ledger) must
 * be clean. The full run is documented in the README.
 */
@EnabledIfSystemProperty(named = "tandem.microJar", matches = ".+")
class SoakIT {

  @Test
  void aLossySoakWithAKillLosesDuplicatesAndReordersNothing() throws Exception {
    assertThat(System.getenv("TANDEM_JDBC_URL"))
        .as("SoakIT reads the ledger from PostgreSQL: run `bash scripts/verify.sh`")
        .startsWith("jdbc:postgresql:");
    Path work = Path.of(System.getProperty("tandem.it.dir", "target/it"));
    Files.createDirectories(work);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TandemClient.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit =
        cl.execute(
            "soak",
            "--server-jar", System.getProperty("tandem.microJar"),
            "--port", Integer.toString(TandemServer.freePort()),
            "--server-log", work.resolve("soak-server.log").toString(),
            "--sequences", "8",
            "--messages", "25",
            "--concurrency", "4",
            "--drop", "0.1",
            "--duplicate", "0.05",
            "--reorder", "0.05",
            "--seed", "20261126",
            "--kills", "1",
            "--kill-interval", "2000-6000");
    System.out.println(out);
    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("sent 200 | answered 200 | executed 200 | lost 0 | duplicated 0 | out of order 0")
        .contains("kills 1");
  }
}
