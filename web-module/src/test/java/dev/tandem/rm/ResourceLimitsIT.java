package dev.tandem.rm;

import static dev.tandem.testing.Envelopes.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testing.Envelopes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Resource limits set through MicroProfile Config on the uber-jar, on PostgreSQL: the open-Sequence
 * cap ({@code tandem.limits.max-open-sequences}: CreateSequenceRefused beyond it), the transfer
 * window as the bound on messages held behind a gap ({@code tandem.rm.max-transfer-window}:
 * BufferRemaining, messages beyond it neither stored nor acknowledged) and the retention purge of
 * terminated Sequences ({@code tandem.rm.retention}). The server gets a PostgreSQL schema of its
 * own, so the Sequences other tests left open do not count against its cap.
 */
class ResourceLimitsIT {
  private static final String JDBC = System.getenv("TANDEM_JDBC_URL");
  private static final String USER = System.getenv("TANDEM_JDBC_USER");
  private static final String PASSWORD = System.getenv("TANDEM_JDBC_PASSWORD");

  @Test
  void capsWindowAndRetentionApplyAsConfigured() throws Exception {
    assertThat(JDBC)
        .as("ResourceLimitsIT runs on PostgreSQL: run `bash scripts/verify.sh`")
        .startsWith("jdbc:postgresql:");
    String schema = "limits_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection db = DriverManager.getConnection(JDBC, USER, PASSWORD)) {
      try (Statement st = db.createStatement()) {
        st.execute("create schema " + schema);
      }
      try {
        run(db, schema);
      } finally {
        try (Statement st = db.createStatement()) {
          st.execute("drop schema " + schema + " cascade");
        }
      }
    }
  }

  private void run(Connection db, String schema) throws Exception {
    String url = JDBC + (JDBC.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (TandemServer server =
        TandemServer.start(
            TandemServer.freePort(),
            TandemServer.freePort(),
            "limits",
            "limits.log",
            List.of(
                "-Dtandem.limits.max-open-sequences=2",
                "-Dtandem.rm.max-transfer-window=4",
                "-Dtandem.rm.retention=2000"),
            Map.of("TANDEM_JDBC_URL", url))) {
      SoapClient soap = new SoapClient(server.endpoint());
      Envelopes.to(server.endpoint().toString());
      String a = open(soap, "urn:uuid:" + UUID.randomUUID());
      open(soap, "urn:uuid:" + UUID.randomUUID());

      // The third open Sequence is refused.
      SoapClient.Reply refused = soap.post(createSequence(RM11, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:third"));
      assertThat(refused.status()).isEqualTo(500);
      assertThat(soap.x("//s:Subcode/s:Value", refused.body())).isEqualTo("r:CreateSequenceRefused");

      // 2..6 ahead of a gap at 1 with a window of 4: 2..4 are held, 5 and 6 are not acknowledged.
      SoapClient.Reply last = null;
      for (long n = 2; n <= 6; n++) {
        last = soap.post(calc(RM11, a, n, "Add", Long.toString(n), "0"));
      }
      assertThat(soap.x("count(//r11:AcknowledgementRange)", last.body())).isEqualTo("1");
      assertThat(soap.x("//r11:AcknowledgementRange/@Lower", last.body())).isEqualTo("2");
      assertThat(soap.x("//r11:AcknowledgementRange/@Upper", last.body())).isEqualTo("4");
      assertThat(soap.x("//netrm:BufferRemaining", last.body())).isEqualTo("1");
      assertThat(heldMessages(db, schema, a)).isEqualTo(3);
      SoapClient.Reply one = soap.post(calc(RM11, a, 1, "Add", "1", "0"));
      assertThat(soap.x("//r11:AcknowledgementRange/@Upper", one.body())).isEqualTo("4");
      for (long n = 5; n <= 6; n++) {
        SoapClient.Reply again = soap.post(calc(RM11, a, n, "Add", Long.toString(n), "0"));
        assertThat(soap.x("//c:AddResult", again.body())).isEqualTo(n + ".0");
      }

      // Terminating one frees a place under the cap.
      assertThat(soap.post(terminate(RM11, a, "6")).status()).isEqualTo(200);
      open(soap, "urn:uuid:" + UUID.randomUUID());

      // Retention: 2 s after termination the sweep (every 10 s) deletes the Sequence; then even a
      // retried TerminateSequence, answered while the Sequence is kept, names an unknown Sequence.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> !sequenceStored(db, schema, a));
      SoapClient.Reply unknown = soap.post(terminate(RM11, a, "6"));
      assertThat(soap.x("//s:Subcode/s:Value", unknown.body())).isEqualTo("r:UnknownSequence");
    }
  }

  private static String open(SoapClient soap, String offer) throws Exception {
    SoapClient.Reply cs = soap.post(createSequence(RM11, offer, "urn:uuid:" + UUID.randomUUID()));
    assertThat(cs.status()).as(cs.body()).isEqualTo(200);
    return soap.x("//r11:CreateSequenceResponse/r11:Identifier", cs.body());
  }

  private static long heldMessages(Connection db, String schema, String sequence) throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "select count(*) from " + schema + ".rm_message where sequence_id = ? and status = 'HELD'")) {
      ps.setString(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static boolean sequenceStored(Connection db, String schema, String sequence)
      throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement("select 1 from " + schema + ".rm_sequence where id = ?")) {
      ps.setString(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
