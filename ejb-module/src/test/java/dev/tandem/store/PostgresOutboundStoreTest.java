package dev.tandem.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.SQLException;
import java.util.UUID;

/**
 * The outbound and session state store contract on PostgreSQL 15, in a schema of its own ({@code
 * outbound_test_<random>}) that is dropped afterwards, so the database may be shared.
 *
 * <p>Needs {@code TANDEM_TEST_JDBC_URL} (environment) or {@code tandem.test.jdbc.url} (system
 * property), plus optionally {@code TANDEM_TEST_JDBC_USER} / {@code TANDEM_TEST_JDBC_PASSWORD}
 * ({@code tandem.test.jdbc.user} / {@code .password}; default {@code tandem}/{@code tandem}).
 * Without a URL the tests fail rather than skip: a store that was never run against PostgreSQL must
 * not look tested.
 */
class PostgresOutboundStoreTest extends OutboundStoreContract {

  @Override
  protected StoreDatabase database() {
    String url = setting("tandem.test.jdbc.url", "TANDEM_TEST_JDBC_URL", null);
    if (url == null) {
      fail(
          "No PostgreSQL for the store contract tests: run `bash scripts/verify.sh` (starts a"
              + " throwaway cluster), or set TANDEM_TEST_JDBC_URL (e.g."
              + " jdbc:postgresql://127.0.0.1:5432/tandem) and optionally TANDEM_TEST_JDBC_USER /"
              + " TANDEM_TEST_JDBC_PASSWORD.");
    }
    return new StoreDatabase(
        url,
        setting("tandem.test.jdbc.user", "TANDEM_TEST_JDBC_USER", "tandem"),
        setting("tandem.test.jdbc.password", "TANDEM_TEST_JDBC_PASSWORD", "tandem"),
        "outbound_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  @Override
  protected void dispose(StoreDatabase db) throws SQLException {
    db.dropSchema();
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
}
