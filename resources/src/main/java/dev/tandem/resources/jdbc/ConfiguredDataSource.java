package dev.tandem.resources.jdbc;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The data source class behind the application's own connection pool ({@code
 * java:app/jdbc/tandem-default}, a {@code @DataSourceDefinition} on {@code SchemaMigration}):
 * PostgreSQL when a JDBC URL is configured, otherwise an embedded H2 file database.
 *
 * <p>Why a class: a pool names exactly one data source class, so "PostgreSQL if tandem.jdbc.url is
 * set, H2 otherwise" cannot be expressed as one pool definition. This class makes that one decision and delegates everything
 * else to the driver's own data source ({@link PGSimpleDataSource} or {@link JdbcDataSource}).
 * Pooling, JTA enlistment and validation stay with Payara.
 *
 * <p>Each setting is a MicroProfile Config key, read from the application's configuration when a
 * MicroProfile Config implementation is present (Payara: system properties, environment variables
 * such as {@code TANDEM_JDBC_URL}, the admin console's MicroProfile Config page / {@code asadmin
 * set-config-property}, a secrets directory), otherwise from system properties then environment
 * variables. A pool property set on the data source (setters below) wins over all of them.
 *
 * <ul>
 *   <li>{@value #URL}: else {@link #defaultH2Url(Path)} in the data directory.
 *   <li>{@value #USER}: else {@code sa} for H2 and none for other databases.
 *   <li>{@value #PASSWORD}, else the contents of the file named by {@value #PASSWORD_FILE} (env
 *       {@code TANDEM_JDBC_PASSWORD_FILE}, a Docker/Kubernetes secret; one trailing line break is
 *       dropped), else empty.
 *   <li>{@value #DATA_DIR_PROPERTY} (H2 only): else {@code ${user.home}/.tandem/data}.
 * </ul>
 *
 * <p>Blank values count as unset. Supported URLs start with {@code jdbc:postgresql:} or {@code
 * jdbc:h2:}; any other URL makes {@link #getConnection()} fail with an {@link SQLException}.
 *
 * <p>The work is shared out: {@link JdbcSettings} resolves the settings, {@link EmbeddedH2} knows
 * the default database, {@link DriverDataSources} picks the driver, {@link StartupWait} waits for a
 * database that is not up yet. This class keeps the bean properties the pool sets by name.
 *
 * <p>Instances are not thread-safe while being configured; Payara configures a pool's data source
 * once, before its first connection.
 */
public class ConfiguredDataSource implements DataSource {

  /** Config key of the JDBC URL ({@code jdbc:postgresql:} or {@code jdbc:h2:}). */
  public static final String URL = "tandem.jdbc.url";

  /** Config key of the database user. */
  public static final String USER = "tandem.jdbc.user";

  /** Config key of the database password. */
  public static final String PASSWORD = "tandem.jdbc.password";

  /** Config key of a file holding the database password (used when {@value #PASSWORD} is unset). */
  public static final String PASSWORD_FILE = "tandem.jdbc.password-file";

  /** Config key of the H2 data directory. */
  public static final String DATA_DIR_PROPERTY = "tandem.data.dir";

  /** Config key: seconds the first connection waits for an unreachable database. */
  public static final String STARTUP_WAIT_PROPERTY = "tandem.jdbc.startup-wait";

  static final long DEFAULT_STARTUP_WAIT_SECONDS = 60;

  private final JdbcSettings settings;
  private final StartupWait startup;

  private String url;
  private String user;
  private String password;
  private PrintWriter logWriter;
  private int loginTimeoutSeconds;
  private DataSource delegate;

  /**
   * Creates a data source that reads MicroProfile Config, or system properties and the environment
   * where no MicroProfile Config implementation is present.
   */
  public ConfiguredDataSource() {
    this(TandemConfig.lookup(ConfiguredDataSource.class.getClassLoader()), System::getProperty);
  }

  /**
   * Creates a data source with an explicit settings lookup, for tests.
   *
   * @param settings maps a config key ({@code tandem.jdbc.url}) to its value, or {@code null}
   * @param systemProperties maps a system property name to its value ({@code user.home})
   */
  ConfiguredDataSource(UnaryOperator<String> settings, UnaryOperator<String> systemProperties) {
    this.settings = new JdbcSettings(settings, systemProperties);
    this.startup = new StartupWait(this::startupWait);
  }

  /**
   * Creates a data source with explicit lookups backed by maps, for tests.
   *
   * @param environment environment variables
   * @param systemProperties system properties
   * @return a data source that reads only these maps
   */
  static ConfiguredDataSource withLookups(Map<String, String> environment, Properties systemProperties) {
    return new ConfiguredDataSource(
        TandemConfig.fromPropertiesThenEnvironment(systemProperties::getProperty, environment::get),
        systemProperties::getProperty);
  }

  /**
   * The default embedded database URL: an H2 file database that writes every commit before {@code
   * commit()} returns and waits up to 10 s for a row lock ({@link EmbeddedH2#url} says why).
   *
   * @param dataDirectory directory holding {@code tandem.mv.db}; created by H2 if missing
   * @return the JDBC URL, never {@code null}
   */
  public static String defaultH2Url(Path dataDirectory) {
    return EmbeddedH2.url(dataDirectory);
  }

  /**
   * The JDBC URL this data source connects to, after applying the precedence described on the class.
   *
   * @return the effective URL, never {@code null}
   */
  public String getEffectiveUrl() {
    String configured = settings.url(url);
    return configured != null ? configured : defaultH2Url(dataDirectory());
  }

  /**
   * The directory of the default H2 database.
   *
   * @return the data directory, never {@code null}; not created by this method
   */
  public Path dataDirectory() {
    return settings.dataDirectory();
  }

  /**
   * Sets the JDBC URL, overriding every other source. The pool calls this for a property {@code url}.
   *
   * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL; blank or {@code null} means unset
   */
  public void setUrl(String url) {
    this.url = url;
    this.delegate = null;
  }

  /**
   * The JDBC URL set as a pool property.
   *
   * @return the explicitly set URL, or {@code null}
   */
  public String getUrl() {
    return url;
  }

  /**
   * Sets the database user, overriding environment and system properties.
   *
   * @param user the user name; blank or {@code null} means unset
   */
  public void setUser(String user) {
    this.user = user;
    this.delegate = null;
  }

  /**
   * The database user set as a pool property.
   *
   * @return the explicitly set user, or {@code null}
   */
  public String getUser() {
    return user;
  }

  /**
   * Sets the database password, overriding environment and system properties.
   *
   * @param password the password; blank or {@code null} means unset
   */
  public void setPassword(String password) {
    this.password = password;
    this.delegate = null;
  }

  /**
   * The database password set as a pool property.
   *
   * @return the explicitly set password, or {@code null}
   */
  public String getPassword() {
    return password;
  }

  /**
   * Opens a connection with the configured credentials. Until one has succeeded, an unreachable
   * database (SQLState class 08) is waited for: see {@link #startupWait()}.
   *
   * @return a new physical connection
   * @throws SQLException if the URL is not supported, the database refuses the connection, or it is
   *     still unreachable when the start-up wait is over
   */
  @Override
  public Connection getConnection() throws SQLException {
    DataSource d = delegate();
    return startup.connect(d::getConnection);
  }

  /**
   * Opens a connection with the given credentials instead of the configured ones.
   *
   * @param username database user
   * @param pass database password
   * @return a new physical connection
   * @throws SQLException if the URL is not supported or the database refuses the connection
   */
  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    DataSource d = delegate();
    return startup.connect(() -> d.getConnection(username, pass));
  }

  /**
   * How long the first connection waits for an unreachable database: system property {@value
   * #STARTUP_WAIT_PROPERTY}, environment variable {@code TANDEM_JDBC_STARTUP_WAIT}, else {@value
   * #DEFAULT_STARTUP_WAIT_SECONDS} (seconds; 0 = fail at once). {@link StartupWait} says why it
   * waits and why only for the first connection.
   *
   * @return the wait, never negative
   */
  public Duration startupWait() {
    return settings.startupWait();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    this.logWriter = out;
    if (delegate != null) {
      delegate.setLogWriter(out);
    }
  }

  /**
   * Sets the login timeout passed to the driver.
   *
   * @param seconds timeout in seconds; 0 means the driver default
   * @throws SQLException if the driver rejects the value
   */
  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    this.loginTimeoutSeconds = seconds;
    if (delegate != null) {
      delegate.setLoginTimeout(seconds);
    }
  }

  /**
   * The login timeout passed to the driver.
   *
   * @return timeout in seconds; 0 means the driver default
   */
  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger(ConfiguredDataSource.class.getPackageName());
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return delegate().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate().isWrapperFor(type);
  }

  /**
   * Builds (once) the driver's data source for the effective settings.
   *
   * @return the driver data source
   * @throws SQLException if the effective URL names an unsupported database, or the password file
   *     cannot be read
   */
  synchronized DataSource delegate() throws SQLException {
    if (delegate == null) {
      // Resolved in the order this class always used: an unreadable password file is reported
      // before an unsupported URL.
      String effectiveUrl = getEffectiveUrl();
      String effectiveUser = settings.user(user);
      String effectivePassword = settings.password(password);
      DataSource created = DriverDataSources.forUrl(effectiveUrl, effectiveUser, effectivePassword);
      created.setLoginTimeout(loginTimeoutSeconds);
      if (logWriter != null) {
        created.setLogWriter(logWriter);
      }
      delegate = created;
    }
    return delegate;
  }
}
