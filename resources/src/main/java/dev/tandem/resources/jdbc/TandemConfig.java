package dev.tandem.resources.jdbc;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads a {@code tandem.*} setting for code that CDI does not create (the data source is created by
 * the connection pool): MicroProfile Config when an implementation is present, otherwise system
 * properties then environment variables named as MicroProfile Config maps them ({@code
 * tandem.jdbc.url} → {@code TANDEM_JDBC_URL}, MicroProfile Config 3.1 §"Environment Variables
 * Mapping Rules").
 */
final class TandemConfig {
  private static final Logger LOG = Logger.getLogger(TandemConfig.class.getName());

  private TandemConfig() {}

  /**
   * A lookup of config keys for the given class loader's application.
   *
   * @param classLoader the application's class loader, for {@code ConfigProvider.getConfig}
   * @return key → value, or {@code null} when unset; never throws for a missing key
   */
  static UnaryOperator<String> lookup(ClassLoader classLoader) {
    UnaryOperator<String> plain = fromPropertiesThenEnvironment(System::getProperty, System::getenv);
    return key -> {
      // Payara looks the application up by the thread's context class loader when no component is
      // running (a pool creating its first connection while the application deploys), and fails on
      // a thread that has none.
      Thread thread = Thread.currentThread();
      boolean noContextLoader = thread.getContextClassLoader() == null;
      if (noContextLoader) {
        thread.setContextClassLoader(classLoader);
      }
      try {
        // Asked each time, not cached: Payara resolves the application's config (and console
        // changes) through the current invocation, which differs between threads.
        Optional<String> value = ConfigProvider.getConfig(classLoader).getOptionalValue(key, String.class);
        return value.orElse(null);
      } catch (LinkageError | IllegalStateException noImplementation) {
        LOG.finest(() -> "no MicroProfile Config for " + key + ": " + noImplementation);
        return plain.apply(key);
      } catch (RuntimeException e) {
        LOG.warning("TANDEM-DB-0005 MicroProfile Config failed for " + key
            + ", using system properties and environment: " + e);
        return plain.apply(key);
      } finally {
        if (noContextLoader) {
          thread.setContextClassLoader(null);
        }
      }
    };
  }

  /**
   * A lookup without MicroProfile Config: system property {@code key}, else the environment variable
   * MicroProfile Config would map it to.
   *
   * @param systemProperties name → value or null
   * @param environment name → value or null
   * @return key → value, or {@code null}
   */
  static UnaryOperator<String> fromPropertiesThenEnvironment(
      UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    return key -> {
      String value = systemProperties.apply(key);
      return value != null && !value.isBlank() ? value : environment.apply(environmentName(key));
    };
  }

  /** {@code tandem.jdbc.password-file} → {@code TANDEM_JDBC_PASSWORD_FILE}. */
  static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
