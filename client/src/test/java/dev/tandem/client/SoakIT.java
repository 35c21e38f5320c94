package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.cli.TandemClient;
import dev.tandem.rm.TandemServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import picocli.CommandLine;

/**
 * A reduced run of {@code tandem-client soak} as CI can afford it: 16 sessions x 20 calls, four of
 * each service (reliable calculator; duplex calculator over dual HTTP, its listener behind the lossy
 * link too; duplex calculator over MakeConnection; the RSP sample over MakeConnection), through a
 * lossy link (10 % lost, 5 % duplicated, 5 % reordered) while the server it started is SIGKILLed
 * three times and restarted on the same PostgreSQL. Every reply and callback must be the right one,
 * and the soak's own verdict (from the execution ledger) clean. The full run is in the README.
 */
@EnabledIfSystemProperty(named = "tandem.it.jar", matches = ".+")
class SoakIT {

  @Test
  void aLossySoakOfEveryServiceWithKillsLosesDuplicatesAndReordersNothing() throws Exception {
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
            "--server-jar", System.getProperty("tandem.it.jar"),
            "--port", Integer.toString(TandemServer.freePort()),
            "--server-log", work.resolve("soak-server.log").toString(),
            "--sequences", "16",
            "--messages", "20",
            "--concurrency", "8",
            "--services", "calculator,duplex,duplex-mc,process-data",
            "--callback-timeout", "300",
            "--drop", "0.1",
            "--duplicate", "0.05",
            "--reorder", "0.05",
            "--seed", "20261126",
            "--kills", "3",
            "--kill-interval", "4000-8000");
    System.out.println(out);
    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("sent 320 | answered 320 | executed 320 | lost 0 | duplicated 0 | out of order 0 | wrong answers 0 | failed sessions 0")
        .contains("kills 3");
  }
}
