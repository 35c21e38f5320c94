package dev.tandem.resources.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The effective JDBC settings of a {@link ConfiguredDataSource}: a pool property when one is set,
 * else its config key ({@link ConfiguredDataSource} lists them), else the default. Blank values count
 * as unset; others are used verbatim (a password may contain spaces).
 *
 * <p>Nothing is cached: each call reads the config again, so a value changed on the admin console
 * applies to the next driver data source built.
 */
final class JdbcSettings {
  // The data source's logger, as before these settings had a class of their own: operators'
  // logging configuration names it.
  private static final Logger LOG = Logger.getLogger(ConfiguredDataSource.class.getName());

  /** Config key → value, or null when unset. */
  private final UnaryOperator<String> settings;
  private final UnaryOperator<String> systemProperties;

  /**
   * @param settings maps a config key ({@code tandem.jdbc.url}) to its value, or {@code null}
   * @param systemProperties maps a system property name to its value ({@code user.home})
   */
  JdbcSettings(UnaryOperator<String> settings, UnaryOperator<String> systemProperties) {
    this.settings = settings;
    this.systemProperties = systemProperties;
  }

  /**
   * The configured JDBC URL.
   *
   * @param poolProperty the URL set on the data source, or {@code null}
   * @return it, else {@value ConfiguredDataSource#URL}, else {@code null}: the embedded H2 database
   *     ({@link EmbeddedH2#url}) in {@link #dataDirectory()}
   */
  String url(String poolProperty) {
    return firstSet(poolProperty, ConfiguredDataSource.URL);
  }

  /**
   * The directory of the embedded H2 database.
   *
   * @return {@value ConfiguredDataSource#DATA_DIR_PROPERTY}, else {@code ${user.home}/.tandem/data};
   *     not created by this method
   */
  Path dataDirectory() {
    String configured = firstSet(null, ConfiguredDataSource.DATA_DIR_PROPERTY);
    if (configured != null) {
      return Paths.get(configured);
    }
    return EmbeddedH2.defaultDataDirectory(systemProperties.apply("user.home"));
  }

  /**
   * The database user.
   *
   * @param poolProperty the user set on the data source, or {@code null}
   * @return it, else {@value ConfiguredDataSource#USER}, else {@code null} (the driver's default)
   */
  String user(String poolProperty) {
    return firstSet(poolProperty, ConfiguredDataSource.USER);
  }

  /**
   * The database password: the pool property, else {@value ConfiguredDataSource#PASSWORD}, else the
   * contents of the file named by {@value ConfiguredDataSource#PASSWORD_FILE} without one trailing
   * line break.
   *
   * @param poolProperty the password set on the data source, or {@code null}
   * @return the password, or {@code null} when none of them is set
   * @throws SQLException (SQLState 28000, {@code TANDEM-DB-0004}) when the password file cannot be
   *     read
   */
  String password(String poolProperty) throws SQLException {
    String direct = firstSet(poolProperty, ConfiguredDataSource.PASSWORD);
    if (direct != null) {
      return direct;
    }
    String file = firstSet(null, ConfiguredDataSource.PASSWORD_FILE);
    if (file == null) {
      return null;
    }
    try {
      String content = Files.readString(Paths.get(file.trim()), StandardCharsets.UTF_8);
      // Secret files usually end with one line break that is not part of the password.
      return content.endsWith("\r\n")
          ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException | RuntimeException e) {
      throw new SQLException(
          "TANDEM-DB-0004 cannot read the database password file " + ConfiguredDataSource.PASSWORD_FILE + "=" + file
              + ": " + e,
          "28000",
          e);
    }
  }

  /**
   * How long the first connection waits for an unreachable database ({@link StartupWait}).
   *
   * @return {@value ConfiguredDataSource#STARTUP_WAIT_PROPERTY} in seconds (negative counts as 0),
   *     else {@value ConfiguredDataSource#DEFAULT_STARTUP_WAIT_SECONDS} s, which is also used (with
   *     warning {@code TANDEM-DB-0003}) for a value that is not a whole number
   */
  Duration startupWait() {
    String configured = firstSet(null, ConfiguredDataSource.STARTUP_WAIT_PROPERTY);
    try {
      return Duration.ofSeconds(
          Math.max(
              0,
              configured == null
                  ? ConfiguredDataSource.DEFAULT_STARTUP_WAIT_SECONDS
                  : Long.parseLong(configured.trim())));
    } catch (NumberFormatException e) {
      LOG.warning("TANDEM-DB-0003 " + ConfiguredDataSource.STARTUP_WAIT_PROPERTY + " is not a number of seconds: "
          + configured + "; using " + ConfiguredDataSource.DEFAULT_STARTUP_WAIT_SECONDS);
      return Duration.ofSeconds(ConfiguredDataSource.DEFAULT_STARTUP_WAIT_SECONDS);
    }
  }

  private String firstSet(String explicit, String key) {
    // Values are used verbatim (a password may contain spaces); only blank means unset.
    if (isSet(explicit)) {
      return explicit;
    }
    String configured = settings.apply(key);
    return isSet(configured) ? configured : null;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
