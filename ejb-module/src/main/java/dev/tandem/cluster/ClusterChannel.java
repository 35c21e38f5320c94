package dev.tandem.cluster;

import dev.tandem.platform.StoreDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * This node's line to the other nodes, when clustering is on ({@code tandem.cluster.enabled}): one
 * dedicated PostgreSQL connection of the store's pool that
 *
 * <ul>
 *   <li>{@code LISTEN}s on {@value ClusterNotice#CHANNEL} and hands every other node's {@link
 *       ClusterNotice} to the registered listeners (the parked MakeConnection polls) within
 *       milliseconds of that node's commit;
 *   <li>holds the <em>sweep lease</em>, a session-level advisory lock ({@code pg_try_advisory_lock},
 *       key {@value #SWEEP_LEASE_KEY}), tried once a second while another node holds it. PostgreSQL
 *       releases it when the holder's connection ends, so when a node dies (even by SIGKILL: its
 *       kernel closes the socket) another takes the sweeps over within about a second.
 * </ul>
 *
 * <p>A lost connection is opened again after 1 s, then up to every 10 s; meanwhile this node holds
 * no lease and hears no notices (a poll parked here then finds another node's message when it is
 * looked at again: at its hold time's end, when the client polls anew).
 *
 * <p>With clustering off it opens nothing and this node always holds the lease. With clustering on
 * and a store that is not PostgreSQL, the deployment fails at start-up ({@code
 * TANDEM-CLUSTER-0001}): each node would have its own H2 database.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class ClusterChannel {
  private static final Logger LOG = Logger.getLogger(ClusterChannel.class.getName());
  /** Advisory lock key of the sweep lease: "TANDEM" in ASCII. */
  static final long SWEEP_LEASE_KEY = 0x54414E44454DL;
  /** How long one wait for notices lasts, and so how often the lease is tried (ms). */
  private static final int WAIT_MILLIS = 1000;

  @Inject ClusterSettings settings;
  @Resource ManagedThreadFactory threads;

  private final List<BiConsumer<String, Instant>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean leaseHeld;
  private volatile boolean listening;
  private DataSource dataSource;
  private Thread thread;

  @PostConstruct
  void start() {
    if (!settings.enabled()) {
      return;
    }
    StoreDataSource.Choice store = StoreDataSource.lookup();
    String product = databaseProduct(store.dataSource());
    if (!"PostgreSQL".equals(product)) {
      String problem =
          "TANDEM-CLUSTER-0001 tandem.cluster.enabled=true needs the PostgreSQL database all nodes"
              + " share, but this node's store ("
              + store.name()
              + ") is "
              + product
              + ". Point tandem.jdbc.url (or the jdbc/tandem resource) at PostgreSQL, or set"
              + " tandem.cluster.enabled=false for a single node.";
      LOG.severe(problem);
      throw new IllegalStateException(problem);
    }
    dataSource = store.dataSource();
    running = true;
    thread = threads.newThread(this::run);
    thread.setName("tandem-cluster-channel");
    thread.setDaemon(true);
    thread.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(3 * WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Registers for other nodes' notices.
   *
   * @param listener gets the MC anonymous address and when its message falls due
   */
  public void listen(BiConsumer<String, Instant> listener) {
    listeners.add(listener);
  }

  /**
   * True when this node runs the once-per-cluster sweeps now: always with clustering off; with it
   * on, while this node's channel holds the advisory lock.
   */
  public boolean sweepLeaseHeld() {
    return !settings.enabled() || leaseHeld;
  }

  /** True when clustering is on ({@code tandem.cluster.enabled}). */
  public boolean enabled() {
    return settings.enabled();
  }

  /** True while the channel listens (clustering on and its connection open); for health checks. */
  public boolean listening() {
    return listening;
  }

  private void run() {
    long pause = 1000;
    while (running) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + ClusterNotice.CHANNEL);
        }
        listening = true;
        pause = 1000;
        LOG.info("TANDEM-CLUSTER-0002 node " + ClusterNotices.NODE + " listening for other nodes");
        while (running) {
          if (!leaseHeld) {
            leaseHeld = tryLease(c);
            if (leaseHeld) {
              LOG.info("TANDEM-CLUSTER-0004 node " + ClusterNotices.NODE + " holds the sweep lease");
            }
          }
          PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
          if (notices != null) {
            for (PGNotification n : notices) {
              dispatch(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.log(
              Level.WARNING,
              "TANDEM-CLUSTER-0003 lost the cluster channel (no notices, no sweep lease); opening it"
                  + " again in " + pause + " ms",
              e);
        }
      } finally {
        listening = false;
        leaseHeld = false;
        release(c);
      }
      if (running) {
        sleep(pause);
        pause = Math.min(10_000, pause * 2);
      }
    }
  }

  private void dispatch(String payload) {
    ClusterNotice.parse(payload)
        .filter(n -> !n.node().equals(ClusterNotices.NODE))
        .ifPresent(
            n -> {
              for (BiConsumer<String, Instant> l : listeners) {
                try {
                  l.accept(n.address(), n.dueAt());
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "TANDEM-CLUSTER-0005 a notice listener failed", e);
                }
              }
            });
  }

  private static boolean tryLease(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + SWEEP_LEASE_KEY + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * Gives the connection back to the pool without what this channel left on it: the pool keeps the
   * physical connection, so its LISTEN and the session-level lease would otherwise outlive us.
   */
  private static void release(Connection c) {
    if (c == null) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute("UNLISTEN *");
      st.execute("select pg_advisory_unlock_all()");
    } catch (SQLException | RuntimeException broken) {
      // A broken connection holds nothing any more; the pool discards it.
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing more to do
    }
  }

  private static String databaseProduct(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("TANDEM-CLUSTER-0006 cannot reach the store to check it", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
