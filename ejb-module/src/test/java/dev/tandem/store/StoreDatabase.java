package dev.tandem.store;

import dev.tandem.session.SchemaMigration;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
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

  /** Deletes an H2 test database's directory {@code dir} and everything in it, if it exists. */
  static void deleteH2Directory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * The PostgreSQL test database in a fresh schema {@code <prefix><random>}, from {@code
   * TANDEM_TEST_JDBC_URL} (environment) or {@code tandem.test.jdbc.url} (system property), plus
   * optionally {@code TANDEM_TEST_JDBC_USER} / {@code TANDEM_TEST_JDBC_PASSWORD} ({@code
   * tandem.test.jdbc.user} / {@code .password}; default {@code tandem}/{@code tandem}). Without a URL
   * the calling test fails rather than skips: a store never run against PostgreSQL must not look
   * tested.
   */
  static StoreDatabase postgresql(String schemaPrefix) {
    String url = setting("tandem.test.jdbc.url", "TANDEM_TEST_JDBC_URL", null);
    if (url == null) {
      org.junit.jupiter.api.Assertions.fail(
          "No PostgreSQL for the store contract tests: run `bash scripts/verify.sh` (starts a"
              + " throwaway cluster), or set TANDEM_TEST_JDBC_URL (e.g."
              + " jdbc:postgresql://127.0.0.1:5432/tandem) and optionally TANDEM_TEST_JDBC_USER /"
              + " TANDEM_TEST_JDBC_PASSWORD.");
    }
    return new StoreDatabase(
        url,
        setting("tandem.test.jdbc.user", "TANDEM_TEST_JDBC_USER", "tandem"),
        setting("tandem.test.jdbc.password", "TANDEM_TEST_JDBC_PASSWORD", "tandem"),
        schemaPrefix + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  /**
   * The system property, else the environment variable, else {@code fallback}. Blank values and
   * Maven's unresolved {@code ${...}} placeholders count as unset.
   */
  private static String setting(String property, String env, String fallback) {
    for (String value : new String[] {System.getProperty(property), System.getenv(env)}) {
      if (value != null && !value.isBlank() && !value.startsWith("${")) {
        return value.trim();
      }
    }
    return fallback;
  }

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
