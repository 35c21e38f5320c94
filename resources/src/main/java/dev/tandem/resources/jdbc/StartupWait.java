package dev.tandem.resources.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Until one connection has succeeded, waits for a database that is not reachable yet (SQLState class
 * 08), or that is reachable but not accepting connections yet (PostgreSQL's {@code 57P03}
 * cannot_connect_now: "the database system is starting up"), retrying after 0.5 s, then twice as
 * long each time up to 5 s, for at most the start-up wait.
 *
 * <p>Why: at deployment Hibernate reads the database's metadata to pick its dialect, and without a
 * database the deployment fails while Payara Micro itself keeps running, serving 404s (a {@code
 * docker compose up} or a host restart can start the server first). Once one connection has
 * succeeded, later ones never wait: during an outage requests must get their fault promptly.
 *
 * <p>Thread-safe: concurrent first connections each wait on their own.
 */
final class StartupWait {
  // The data source's logger, as before the wait had a class of its own: operators' logging
  // configuration names it.
  private static final Logger LOG = Logger.getLogger(ConfiguredDataSource.class.getName());
  private static final long FIRST_PAUSE_MILLIS = 500;
  private static final long MAX_PAUSE_MILLIS = 5_000;
  /** PostgreSQL's cannot_connect_now: starting up, shutting down or in recovery. */
  private static final String CANNOT_CONNECT_NOW = "57P03";

  /** Opens one physical connection. */
  @FunctionalInterface
  interface ConnectionOpener {
    Connection open() throws SQLException;
  }

  /** Read at each use, not once, so a changed setting applies to the next connection attempt. */
  private final Supplier<Duration> wait;
  /** Set by the first successful connection; from then on nothing waits. */
  private volatile boolean connectedOnce;

  /** @param wait the start-up wait, read each time it is needed; never negative */
  StartupWait(Supplier<Duration> wait) {
    this.wait = wait;
  }

  /**
   * Opens a connection, waiting for an unreachable database until the first one has succeeded.
   *
   * @param open opens the connection
   * @return the connection {@code open} returned
   * @throws SQLException what {@code open} threw: at once unless its SQLState is of class 08 or
   *     {@code 57P03} and no connection succeeded yet; else the last one when the next pause would
   *     end after the wait (or when the waiting thread is interrupted, its interrupt status kept)
   */
  Connection connect(ConnectionOpener open) throws SQLException {
    if (connectedOnce) {
      return open.open();
    }
    long deadline = System.nanoTime() + wait.get().toNanos();
    long pauseMillis = FIRST_PAUSE_MILLIS;
    while (true) {
      try {
        Connection c = open.open();
        connectedOnce = true;
        return c;
      } catch (SQLException e) {
        boolean unreachable = notReachableYet(e.getSQLState());
        if (!unreachable || System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
          throw e;
        }
        LOG.warning("TANDEM-DB-0002 database not reachable yet, retrying in " + pauseMillis
            + " ms (start-up wait " + wait.get().toSeconds() + " s): " + e.getMessage());
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
      }
    }
  }

  /**
   * Class 08 (connection exception) or {@code 57P03}: a PostgreSQL that is still starting (or
   * recovering) refuses logins with that code for a moment after its port opens, so a server
   * started together with its database would otherwise fail its deployment in that window.
   */
  private static boolean notReachableYet(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.equals(CANNOT_CONNECT_NOW));
  }
}
