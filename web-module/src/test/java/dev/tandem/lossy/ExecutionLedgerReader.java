package dev.tandem.lossy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the server's execution ledger ({@code rm_execution}, written when the server runs with
 * {@code -Dtandem.ledger.enabled=true}) straight from PostgreSQL, behind the server's back, and
 * judges it: every message 1..N of every Sequence executed exactly once, in MessageNumber order.
 */
public final class ExecutionLedgerReader {

  /**
   * What the ledger shows for a set of Sequences, each expected to have executed 1..N (counts of
   * executions, summed over the Sequences; see {@link #verdict}).
   */
  public record Verdict(long executed, long lost, long duplicated, long outOfOrder) {
    @Override
    public String toString() {
      return "executed=" + executed + ", lost=" + lost + ", duplicated=" + duplicated
          + ", out-of-order=" + outOfOrder;
    }
  }

  private ExecutionLedgerReader() {}

  /**
   * The JDBC URL the servers use ({@code TANDEM_JDBC_URL}, which failsafe sets from {@code
   * TANDEM_TEST_JDBC_URL}), required to be PostgreSQL: the test fails (not skips) without it.
   *
   * @param test the test's name, for the failure message
   * @return the JDBC URL
   * @throws AssertionError when {@code TANDEM_JDBC_URL} is blank or not a PostgreSQL URL
   */
  public static String requirePostgresql(String test) {
    String jdbc = System.getenv("TANDEM_JDBC_URL");
    assertThat(jdbc)
        .as(test + " runs on PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .isNotBlank()
        .startsWith("jdbc:postgresql:");
    return jdbc;
  }

  /**
   * A new connection to the servers' database ({@code TANDEM_JDBC_URL}, {@code TANDEM_JDBC_USER},
   * {@code TANDEM_JDBC_PASSWORD}); the caller closes it.
   */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        System.getenv("TANDEM_JDBC_URL"),
        System.getenv("TANDEM_JDBC_USER"),
        System.getenv("TANDEM_JDBC_PASSWORD"));
  }

  /**
   * Each Sequence's executed MessageNumbers, in execution order (the ledger's id order).
   *
   * @param sequenceIds Sequence Identifiers (URIs as on the wire)
   * @return one entry per given Identifier, empty when it executed nothing
   * @throws SQLException when the database cannot be read
   */
  public static Map<String, List<Long>> executions(List<String> sequenceIds) throws SQLException {
    Map<String, List<Long>> bySequence = new HashMap<>();
    sequenceIds.forEach(id -> bySequence.put(id, new ArrayList<>()));
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "select sequence_id, message_number from rm_execution"
                    + " where sequence_id = any (?) order by id")) {
      q.setArray(1, c.createArrayOf("varchar", sequenceIds.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          bySequence.get(rs.getString(1)).add(rs.getLong(2));
        }
      }
    }
    return bySequence;
  }

  /**
   * Judges the ledger for Sequences that each sent messages 1..{@code messages}.
   *
   * <p>lost: a number never executed; duplicated: an execution beyond a number's first;
   * out-of-order: an execution whose number is not one more than the previous execution's.
   *
   * @param messages N, the MessageNumbers each Sequence sent (1..N)
   * @throws SQLException when the database cannot be read
   */
  public static Verdict verdict(List<String> sequenceIds, int messages) throws SQLException {
    long executed = 0;
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    for (List<Long> numbers : executions(sequenceIds).values()) {
      executed += numbers.size();
      lost += messages - numbers.stream().distinct().filter(n -> n >= 1 && n <= messages).count();
      duplicated += numbers.size() - numbers.stream().distinct().count();
      long previous = 0;
      for (long n : numbers) {
        if (n != previous + 1) {
          outOfOrder++;
        }
        previous = n;
      }
    }
    return new Verdict(executed, lost, duplicated, outOfOrder);
  }

  /**
   * Asserts exactly-once, in-order execution of 1..{@code messages} for every Sequence.
   *
   * @return the verdict, for printing
   * @throws AssertionError naming the first Sequence whose executions are not exactly 1..N in order
   * @throws SQLException when the database cannot be read
   */
  public static Verdict assertExactlyOnceInOrder(List<String> sequenceIds, int messages)
      throws SQLException {
    Map<String, List<Long>> all = executions(sequenceIds);
    List<Long> expected = new ArrayList<>();
    for (long n = 1; n <= messages; n++) {
      expected.add(n);
    }
    Verdict v = verdict(sequenceIds, messages);
    all.forEach(
        (id, numbers) ->
            assertThat(numbers).as("ledger of %s (execution order)", id).isEqualTo(expected));
    return v;
  }
}
