package dev.tandem.session;

import dev.tandem.platform.ContainerResources;
import dev.tandem.platform.StoreDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the store's database ({@link StoreDataSource}) to the newest schema at deployment, by running the
 * Flyway migrations in {@value #LOCATION} (the resources module's jar) before any request is
 * served.
 *
 * <p>Logs {@code TANDEM-STORE-0001 schema at version X} on success. On failure it logs {@code
 * TANDEM-STORE-0002} and rethrows, which fails the deployment: serving on a schema the code does
 * not match would be worse.
 *
 * <p>Bean-managed transactions on purpose: Flyway commits each migration itself on a local
 * connection, which a container transaction would forbid.
 *
 * <p>It also declares the store's EntityManager for the CDI beans ({@link ContainerResources}) and
 * defines the application's own data source, {@value StoreDataSource#APPLICATION_DEFAULT}
 * (used when the server has no {@code jdbc/tandem}, see {@link StoreDataSource}): a pool of
 * {@code ConfiguredDataSource}, which connects to {@code tandem.jdbc.url} or to embedded H2. The
 * {@code fish.payara.*} properties are Payara's pool settings (validation, fail-all on a broken
 * connection, 30 s wait for a free connection); other servers ignore them.
 */
@DataSourceDefinition(
    name = StoreDataSource.APPLICATION_DEFAULT,
    className = "dev.tandem.resources.jdbc.ConfiguredDataSource",
    transactional = true,
    initialPoolSize = 2,
    minPoolSize = 2,
    maxPoolSize = 32,
    maxIdleTime = 300,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=60",
      "fish.payara.fail-all-connections=true",
      "fish.payara.max-wait-time-in-millis=30000"
    })
@PersistenceContext(name = ContainerResources.STORE_ENTITY_MANAGER, unitName = "tandem")
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {
  /** Where the versioned SQL scripts live ({@code V1__rm_store.sql}, ...). */
  public static final String LOCATION = "classpath:db/migration";

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  // Not named migrate: the container finds lifecycle callbacks by name, and the static
  // migrate(DataSource, ClassLoader) overload would be picked up at random.
  @PostConstruct
  void migrateAtDeployment() {
    // The application's class loader, not Flyway's or the thread's: in a WAR or EAR only it is sure
    // to see the migration scripts in the resources jar.
    migrate(StoreDataSource.lookup().dataSource(), getClass().getClassLoader());
  }

  /**
   * Applies the pending migrations to the connection's current schema, as at deployment (the store
   * tests run it too, so they test this configuration).
   *
   * @param dataSource the database; Flyway takes and commits its own connections
   * @param classLoader a class loader that sees {@value #LOCATION}
   * @return the schema version afterwards, e.g. {@code "1"}
   * @throws org.flywaydb.core.api.FlywayException when a migration fails, the scripts are not
   *     found, or an applied script has changed since
   */
  public static String migrate(DataSource dataSource, ClassLoader classLoader) {
    try {
      Flyway flyway =
          Flyway.configure(classLoader)
              .dataSource(dataSource)
              .locations(LOCATION)
              // A class loader that cannot see the scripts must fail the deployment, not leave an
              // empty schema behind for the first request to trip over.
              .failOnMissingLocations(true)
              .load();
      MigrateResult result = flyway.migrate();
      MigrationInfo current = flyway.info().current();
      if (current == null || current.getVersion() == null) {
        throw new IllegalStateException("no migration found in " + LOCATION);
      }
      String version = current.getVersion().getVersion();
      LOG.log(
          Level.INFO,
          "TANDEM-STORE-0001 schema at version {0} ({1} migration(s) applied, {2})",
          new Object[] {version, result.migrationsExecuted, result.database});
      return version;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "TANDEM-STORE-0002 schema migration failed: " + e.getMessage(), e);
      throw e;
    }
  }
}
