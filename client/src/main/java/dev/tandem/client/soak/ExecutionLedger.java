package dev.tandem.client.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server's execution ledger ({@code rm_execution}, written when the server runs with
 * {@code tandem.ledger.enabled=true}): one row per delivery of a message to the service, in
 * execution order. This is the soak's evidence of exactly-once, in-order execution.
 */
public final class ExecutionLedger implements AutoCloseable {
  /** What the ledger says about one Sequence of {@code expected} messages. */
  public record Verdict(long executed, long lost, long duplicated, long outOfOrder) {}

  private final Connection db;

  /**
   * @param url a JDBC URL of the server's database (PostgreSQL)
   * @throws SQLException when it cannot connect
   */
  public ExecutionLedger(String url, String user, String password) throws SQLException {
    this.db = DriverManager.getConnection(url, user, password);
  }

  /**
   * Checks Sequence {@code sequenceId}, whose messages 1..{@code expected} the client saw answered.
   *
   * @return executions, numbers never executed, extra executions, and executions that came before
   *     a smaller number's
   */
  public Verdict check(String sequenceId, long expected) throws SQLException {
    List<Long> order = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "select message_number from rm_execution where sequence_id = ? order by id")) {
      ps.setString(1, sequenceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          order.add(rs.getLong(1));
        }
      }
    }
    boolean[] seen = new boolean[(int) expected + 1];
    long duplicated = 0;
    long outOfOrder = 0;
    long highest = 0;
    for (long n : order) {
      if (n >= 1 && n <= expected && seen[(int) n]) {
        duplicated++;
        continue;
      }
      if (n >= 1 && n <= expected) {
        seen[(int) n] = true;
      }
      if (n < highest) {
        outOfOrder++;
      }
      highest = Math.max(highest, n);
    }
    long lost = 0;
    for (int n = 1; n <= expected; n++) {
      if (!seen[n]) {
        lost++;
      }
    }
    return new Verdict(order.size(), lost, duplicated, outOfOrder);
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
