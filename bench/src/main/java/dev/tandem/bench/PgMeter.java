package dev.tandem.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's counters around a timed phase, for the database the server under test writes to:
 *
 * <ul>
 *   <li>committed transactions ({@code pg_stat_database.xact_commit} of this database), less this
 *       meter's own queries (each one a transaction). Backends publish their counters lazily (at the
 *       latest 10 s after going idle), so each reading of it waits {@code settleMs} of quiet first;
 *   <li>transaction IDs assigned, i.e. write transactions (the next xid, from {@code
 *       txid_current_snapshot()}), read at once, cluster-wide: nothing else writes during a run;
 *   <li>WAL bytes written ({@code pg_wal_lsn_diff} of {@code pg_current_wal_lsn()}), read at once.
 * </ul>
 *
 * A failure is recorded as {@link #error}, never thrown: the sessions wait on this meter.
 */
final class PgMeter implements Workload.Hooks, AutoCloseable {
  /** The counters at one moment. */
  record Reading(long xactCommit, long nextXid, String walLsn, long ownQueriesBefore) {}

  /** Per run: committed transactions, write transactions (xids) and WAL bytes in the timed phase. */
  record Delta(long transactions, long writeTransactions, long walBytes) {}

  private final Connection connection;
  private final long settleMs;
  private long ownQueries;
  private Reading start;
  private Reading end;
  private long walBytes;
  private String error;

  /** @param settleMs quiet time before a transaction count is read, ms */
  PgMeter(String url, String user, String password, long settleMs) throws SQLException {
    this.connection = DriverManager.getConnection(url, user, password);
    this.connection.setAutoCommit(true);
    this.settleMs = settleMs;
  }

  @Override
  public void beforeTimed() {
    try {
      Thread.sleep(settleMs);
      start = read();
    } catch (Exception e) {
      fail(e);
    }
  }

  @Override
  public void afterTimed() {
    if (start == null) {
      return;
    }
    try {
      Reading atOnce = read();
      walBytes = walBytes(start.walLsn(), atOnce.walLsn());
      Thread.sleep(settleMs);
      Reading settled = read();
      end = new Reading(settled.xactCommit(), atOnce.nextXid(), atOnce.walLsn(), settled.ownQueriesBefore());
    } catch (Exception e) {
      fail(e);
    }
  }

  /** The timed phase's counts, or null when they could not be read ({@link #error}). */
  Delta delta() {
    if (start == null || end == null) {
      return null;
    }
    // This meter's queries from the first reading up to (not including) the last one were counted.
    long own = end.ownQueriesBefore() - start.ownQueriesBefore();
    return new Delta(end.xactCommit() - start.xactCommit() - own, end.nextXid() - start.nextXid(), walBytes);
  }

  String error() {
    return error;
  }

  private Reading read() throws SQLException {
    long before = ownQueries++;
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "select xact_commit, txid_snapshot_xmax(txid_current_snapshot()), pg_current_wal_lsn()::text"
                    + " from pg_stat_database where datname = current_database()")) {
      r.next();
      return new Reading(r.getLong(1), r.getLong(2), r.getString(3), before);
    }
  }

  /** Bytes of WAL from {@code from} to {@code to}. */
  private long walBytes(String from, String to) throws SQLException {
    ownQueries++;
    try (var s = connection.prepareStatement("select pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
      s.setString(1, to);
      s.setString(2, from);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private void fail(Exception e) {
    if (error == null) {
      error = e.toString();
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
