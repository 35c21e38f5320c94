package dev.tandem.web;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Classifies the store failures the servlet treats specially: the database being unreachable (down,
 * restarting, connection cut), for which the client gets {@code StoreUnavailable} — retry later — and
 * the log a single line instead of a stack trace per request for the length of an outage; and a
 * conflict with a concurrent transaction (a lost insert race, a deadlock), which is run again.
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
   * True when {@code failure} or one of its causes says the transaction lost to a concurrent one and
   * was rolled back, so running it again is expected to succeed: a unique-constraint violation
   * (SQLState {@code 23505}: a concurrent transaction inserted the same key first), a transaction
   * rollback (SQLState class {@code 40}, SQL:2011 §24.1: PostgreSQL's {@code 40001} serialization
   * failure and {@code 40P01} deadlock detected), a lock not available ({@code 55P03}), or JPA's
   * optimistic or pessimistic lock failures (a row changed or stayed locked under it).
   */
  static boolean isConflict(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof OptimisticLockException || t instanceof PessimisticLockException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.equals("23505") || state.startsWith("40") || state.equals("55P03")) {
          return true;
        }
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
