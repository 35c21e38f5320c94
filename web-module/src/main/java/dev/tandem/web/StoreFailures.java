package dev.tandem.web;

import jakarta.resource.spi.ResourceAllocationException;
import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies the store failures the servlet treats specially: the database being unreachable (down,
 * restarting, connection cut), for which the client gets {@code StoreUnavailable} — retry later — and
 * the log a single line instead of a stack trace per request for the length of an outage; and a lost
 * insert race, which is run again.
 */
final class StoreFailures {
  /** Causes followed at most: a guard against cyclic cause chains. */
  private static final int MAX_DEPTH = 32;

  private StoreFailures() {}

  /**
   * True when {@code failure} or one of its causes says the database connection failed: a JDBC
   * connection exception (SQLState class {@code 08}, SQL:2011 §24.1), PostgreSQL's operator
   * intervention class {@code 57P} (admin or crash shutdown, "cannot connect now" while starting),
   * the connection pool failing to allocate a connection, or the transaction manager failing to
   * complete the transaction ({@link SystemException}: the commit could not reach the database, whose
   * connection is the transaction's only resource; Payara drops the driver's exception from that
   * chain). A commit lost in flight may in fact have happened; the client's retry is safe either
   * way, as WS-RM answers a retried message with its stored reply.
   */
  static boolean isOutage(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof ResourceAllocationException
          || t instanceof SystemException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True when {@code failure} or one of its causes is a unique-constraint violation (SQLState {@code
   * 23505}, SQL:2011 integrity constraint violation, as PostgreSQL and H2 report it): a concurrent
   * transaction inserted the same key first.
   */
  static boolean isUniqueViolation(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause's message, for a one-line log entry. */
  static String rootMessage(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t.getCause() != null && depth < MAX_DEPTH; depth++) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
