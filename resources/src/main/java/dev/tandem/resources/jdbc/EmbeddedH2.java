package dev.tandem.resources.jdbc;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The embedded H2 database used when no JDBC URL is configured: its file URL, its directory and its
 * user.
 */
final class EmbeddedH2 {

  /** H2's built-in administrator, the user of a database H2 creates on first connection. */
  static final String DEFAULT_USER = "sa";

  private EmbeddedH2() {}

  /**
   * The default embedded database URL.
   *
   * <p>H2 2.x stores data in an MVStore file. {@code WRITE_DELAY=0} makes every commit write the
   * store before {@code commit()} returns, so a committed transaction survives {@code kill -9} of the
   * server; the H2 default (500 ms) would leave a window in which committed work lives only in memory.
   * No {@code DB_CLOSE_DELAY}: the pool keeps connections open, and closing on the last connection is
   * what makes a clean shutdown flush. {@code LOCK_TIMEOUT=10000}: a message waits up to 10 s (ms
   * value) for another transaction holding its Sequence's row lock (H2's default is 1 s, too short
   * for a retry that arrives while the original is still executing).
   *
   * @param dataDirectory directory holding {@code tandem.mv.db}; created by H2 if missing
   * @return the JDBC URL, never {@code null}
   */
  static String url(Path dataDirectory) {
    return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("tandem") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";
  }

  /**
   * The data directory when {@value ConfiguredDataSource#DATA_DIR_PROPERTY} is unset.
   *
   * @param userHome the {@code user.home} system property
   * @return {@code ${user.home}/.tandem/data}; not created by this method
   */
  static Path defaultDataDirectory(String userHome) {
    return Paths.get(userHome, ".tandem", "data");
  }
}
