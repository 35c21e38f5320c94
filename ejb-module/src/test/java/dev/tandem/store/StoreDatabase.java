package dev.tandem.store;

import dev.tandem.session.SchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for the store contract tests: a JDBC URL and credentials, optionally a schema of its
 * own (so a shared test database is never cleaned, only the schema this run created).
 *
 * @param url JDBC URL
 * @param user user name
 * @param password password
 * @param schema schema to create and use, or null for the connection's default schema
 */
record StoreDatabase(String url, String user, String password, String schema) {

  /** Applies the Flyway migrations the application runs at deployment (creating the schema). */
  void migrate() {
    var config =
        Flyway.configure()
            .dataSource(dataSource())
            .locations(SchemaMigration.LOCATION)
            .failOnMissingLocations(true);
    if (schema != null) {
      config = config.schemas(schema).createSchemas(true);
    }
    config.load().migrate();
  }

  /**
   * The application's persistence unit {@code tandem} (its real persistence.xml), switched to
   * RESOURCE_LOCAL transactions on this database's connections.
   */
  EntityManagerFactory entityManagerFactory() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
    overrides.put("jakarta.persistence.nonJtaDataSource", dataSource());
    overrides.put(
        "hibernate.transaction.jta.platform",
        "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
    if (schema != null) {
      overrides.put("hibernate.default_schema", schema);
    }
    return Persistence.createEntityManagerFactory("tandem", overrides);
  }

  /** An unpooled data source: a fresh connection per transaction is plenty for these tests. */
  DataSource dataSource() {
    if (url.startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(url);
      h2.setUser(user);
      h2.setPassword(password);
      return h2;
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    pg.setUser(user);
    pg.setPassword(password);
    return pg;
  }
}
