package dev.tandem.resources.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Picks the driver's own data source for a JDBC URL: {@link PGSimpleDataSource} for {@code
 * jdbc:postgresql:}, {@link JdbcDataSource} for {@code jdbc:h2:}. The one place that knows which
 * databases Tandem supports.
 */
final class DriverDataSources {

  private DriverDataSources() {}

  /**
   * A new, unpooled driver data source.
   *
   * @param url the effective JDBC URL
   * @param user the effective user, or {@code null}: none for PostgreSQL (the driver's default),
   *     {@value EmbeddedH2#DEFAULT_USER} for H2
   * @param password the effective password, or {@code null}: none for PostgreSQL, empty for H2
   * @return the driver's data source for {@code url}
   * @throws SQLException (SQLState 08001, {@code TANDEM-DB-0001}) when {@code url} names another
   *     database; thrown before any connection is tried, so the start-up wait never retries it
   */
  static DataSource forUrl(String url, String user, String password) throws SQLException {
    if (url.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(url);
      if (user != null) {
        pg.setUser(user);
      }
      if (password != null) {
        pg.setPassword(password);
      }
      return pg;
    }
    if (url.startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      h2.setUser(user != null ? user : EmbeddedH2.DEFAULT_USER);
      h2.setPassword(password != null ? password : "");
      return h2;
    }
    throw new SQLException(
        "TANDEM-DB-0001 Unsupported JDBC URL for jdbc/tandem (expected jdbc:postgresql: or jdbc:h2:): " + url,
        "08001");
  }
}
