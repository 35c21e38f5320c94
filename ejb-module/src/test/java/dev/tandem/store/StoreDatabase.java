package dev.tandem.store;

import dev.tandem.session.SchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for the store contract tests: a JDBC URL and credentials, optionally a PostgreSQL
 * schema of its own (so a shared test database is never cleaned, only the schema this run created).
 *
 * @param url JDBC URL ({@code jdbc:h2:} or {@code jdbc:postgresql:})
 * @param user user name
 * @param password password
 * @param schema PostgreSQL schema to create, use as the connections' current schema and drop, or
 *     null for the connection's default schema
 */
record StoreDatabase(String url, String user, String password, String schema) {

  /**
   * Creates the schema (if any and not there yet) and applies the migrations exactly as the
   * deployment does.
   *
   * @return the schema version afterwards
   */
  String migrate() throws SQLException {
    if (schema != null) {
      execute("create schema if not exists " + schema);
    }
    return SchemaMigration.migrate(dataSource(), getClass().getClassLoader());
  }

  /** Drops the schema (if any) and everything in it. */
  void dropSchema() throws SQLException {
    if (schema != null) {
      execute("drop schema if exists " + schema + " cascade");
    }
  }

  /**
   * The application's persistence unit {@code tandem} (its real persistence.xml and properties),
   * switched to RESOURCE_LOCAL transactions on this database. Hibernate validates its mapping
   * against the migrated schema, so an entity and a migration that disagree fail here.
   */
  EntityManagerFactory entityManagerFactory() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
    overrides.put("jakarta.persistence.nonJtaDataSource", dataSource());
    overrides.put(
        "hibernate.transaction.jta.platform",
        "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform");
    overrides.put("hibernate.hbm2ddl.auto", "validate");
    overrides.put("jakarta.persistence.schema-generation.database.action", "validate");
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
    if (schema != null) {
      pg.setCurrentSchema(schema);
    }
    return pg;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
