package dev.tandem.resources.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

class ConfiguredDataSourceTest {

  @TempDir Path dir;

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("user.home", "/home/someone");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void withoutConfigurationUsesH2InTheHomeDataDirectory() throws SQLException {
    ConfiguredDataSource ds = ConfiguredDataSource.withLookups(Map.of(), props());
    assertThat(ds.getEffectiveUrl())
        .isEqualTo("jdbc:h2:file:/home/someone/.tandem/data/tandem;WRITE_DELAY=0;LOCK_TIMEOUT=10000");
    assertThat(ds.delegate()).isInstanceOf(JdbcDataSource.class);
  }

  @Test
  void dataDirectoryComesFromSystemPropertyThenEnvironment() {
    assertThat(
            ConfiguredDataSource.withLookups(Map.of("TANDEM_DATA_DIR", "/env"), props())
                .dataDirectory())
        .isEqualTo(Path.of("/env"));
    assertThat(
            ConfiguredDataSource.withLookups(
                    Map.of("TANDEM_DATA_DIR", "/env"), props("tandem.data.dir", "/prop"))
                .dataDirectory())
        .isEqualTo(Path.of("/prop"));
  }

  @Test
  void environmentUrlSelectsPostgresql() throws SQLException {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of(
                "TANDEM_JDBC_URL", "jdbc:postgresql://db:5432/tandem",
                "TANDEM_JDBC_USER", "u",
                "TANDEM_JDBC_PASSWORD", "p w"),
            props());
    PGSimpleDataSource pg = (PGSimpleDataSource) ds.delegate();
    assertThat(pg.getURL()).startsWith("jdbc:postgresql://db:5432/tandem");
    assertThat(pg.getUser()).isEqualTo("u");
    assertThat(pg.getPassword()).isEqualTo("p w");
  }

  @Test
  void passwordComesFromTheSecretFileWhenNotSetDirectly() throws Exception {
    Path secret = dir.resolve("db-password");
    java.nio.file.Files.writeString(secret, "s3cret: with spaces\n");
    Map<String, String> env =
        Map.of("TANDEM_JDBC_URL", "jdbc:postgresql://db/tandem", "TANDEM_JDBC_PASSWORD_FILE", secret.toString());
    PGSimpleDataSource pg = (PGSimpleDataSource) ConfiguredDataSource.withLookups(env, props()).delegate();
    // One trailing line break is the file's, not the password's.
    assertThat(pg.getPassword()).isEqualTo("s3cret: with spaces");

    Map<String, String> both = new java.util.HashMap<>(env);
    both.put("TANDEM_JDBC_PASSWORD", "direct");
    pg = (PGSimpleDataSource) ConfiguredDataSource.withLookups(both, props()).delegate();
    assertThat(pg.getPassword()).isEqualTo("direct");
  }

  @Test
  void anUnreadablePasswordFileIsAClearConnectionError() {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of(
                "TANDEM_JDBC_URL", "jdbc:postgresql://db/tandem",
                "TANDEM_JDBC_PASSWORD_FILE", dir.resolve("missing").toString()),
            props());
    assertThatThrownBy(ds::delegate)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("TANDEM-DB-0004")
        .hasMessageContaining("tandem.jdbc.password-file");
  }

  @Test
  void configKeysMapToEnvironmentNamesAsMicroProfileConfigDoes() {
    assertThat(TandemConfig.environmentName("tandem.jdbc.password-file")).isEqualTo("TANDEM_JDBC_PASSWORD_FILE");
    assertThat(TandemConfig.environmentName("tandem.data.dir")).isEqualTo("TANDEM_DATA_DIR");
  }

  @Test
  void poolPropertiesOverrideEnvironment() {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of("TANDEM_JDBC_URL", "jdbc:postgresql://db/tandem"),
            props("tandem.jdbc.url", "jdbc:postgresql://prop/tandem"));
    assertThat(ds.getEffectiveUrl()).isEqualTo("jdbc:postgresql://prop/tandem");
    ds.setUrl("jdbc:h2:mem:x");
    assertThat(ds.getEffectiveUrl()).isEqualTo("jdbc:h2:mem:x");
    ds.setUrl("  ");
    assertThat(ds.getEffectiveUrl()).isEqualTo("jdbc:postgresql://prop/tandem");
  }

  @Test
  void unsupportedUrlFailsOnConnect() {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(Map.of("TANDEM_JDBC_URL", "jdbc:oracle:thin:@x"), props());
    assertThatThrownBy(ds::getConnection)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("TANDEM-DB-0001");
  }

  @Test
  void anUnreachableDatabaseIsWaitedForUntilTheStartupWaitIsOver() throws Exception {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of("TANDEM_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tandem"),
            props(ConfiguredDataSource.STARTUP_WAIT_PROPERTY, "2"));
    assertThat(ds.startupWait()).hasSeconds(2);
    long t0 = System.nanoTime();
    assertThatThrownBy(ds::getConnection)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
    // Retries after 500 and 1000 ms; a third pause (2000 ms) would end past the 2 s wait.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(1_500);
  }

  @Test
  void withoutAStartupWaitAnUnreachableDatabaseFailsAtOnce() throws Exception {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of(
                "TANDEM_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tandem",
                "TANDEM_JDBC_STARTUP_WAIT", "0"),
            props());
    // Not timed (a loaded machine makes one attempt slow): a wait logs TANDEM-DB-0002 before its
    // first pause, so no such record means no retry.
    assertThat(retryRecords(() -> assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)))
        .isEmpty();
  }

  /** The TANDEM-DB-0002 ("retrying in …") records logged while {@code attempt} runs. */
  private static List<LogRecord> retryRecords(Runnable attempt) {
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().contains("TANDEM-DB-0002")) {
              records.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(ConfiguredDataSource.class.getName());
    log.addHandler(capture);
    try {
      attempt.run();
    } finally {
      log.removeHandler(capture);
    }
    return records;
  }

  @Test
  void aConfigurationErrorIsNotWaitedFor() {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(
            Map.of("TANDEM_JDBC_URL", "jdbc:oracle:thin:@x"),
            props(ConfiguredDataSource.STARTUP_WAIT_PROPERTY, "30"));
    assertThat(
            retryRecords(
                () -> assertThatThrownBy(ds::getConnection).hasMessageContaining("TANDEM-DB-0001")))
        .isEmpty();
  }

  @Test
  void aStartupWaitThatIsNoNumberFallsBackToTheDefault() {
    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(Map.of(), props(ConfiguredDataSource.STARTUP_WAIT_PROPERTY, "soon"));
    assertThat(ds.startupWait()).hasSeconds(ConfiguredDataSource.DEFAULT_STARTUP_WAIT_SECONDS);
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A committed transaction must survive the process dying without any shutdown (kill -9). */
  @Test
  void h2CommitSurvivesAbruptTermination() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dtandem.data.dir=" + dir,
                CommitThenHalt.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("COMMITTED 50");

    ConfiguredDataSource ds =
        ConfiguredDataSource.withLookups(Map.of(), props("tandem.data.dir", dir.toString()));
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from t")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(50);
    }
  }

  /** Child process for {@link #h2CommitSurvivesAbruptTermination()}. */
  public static final class CommitThenHalt {
    public static void main(String[] args) throws SQLException {
      try (Connection c = new ConfiguredDataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create table t (id int primary key)");
        c.setAutoCommit(false);
        for (int i = 1; i <= 50; i++) {
          s.executeUpdate("insert into t values (" + i + ")");
          c.commit();
        }
        System.out.println("COMMITTED 50");
        System.out.flush();
        // No close, no shutdown hooks: as abrupt as kill -9 for everything the JVM would still write.
        Runtime.getRuntime().halt(0);
      }
    }
  }
}
