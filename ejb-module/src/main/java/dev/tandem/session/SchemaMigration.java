package dev.tandem.session;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database behind {@code jdbc/tandem} to the newest schema at deployment, by running the
 * Flyway migrations in {@code classpath:db/migration} (the resources module's jar) before any
 * request is served.
 *
 * <p>Logs {@code TANDEM-STORE-0001 schema at version X} on success. On failure it logs {@code
 * TANDEM-STORE-0002} and rethrows, which fails the deployment: serving on a schema the code does
 * not match would be worse.
 *
 * <p>Bean-managed transactions on purpose: Flyway commits each migration itself on a local
 * connection, which a container transaction would forbid.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {
  /** Where the versioned SQL scripts live ({@code V1__rm_store.sql}, ...). */
  public static final String LOCATION = "classpath:db/migration";

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

  @Resource(lookup = "jdbc/tandem")
  private DataSource dataSource;

  @PostConstruct
  void migrate() {
    try {
      // The application's class loader, not Flyway's or the thread's: in a WAR or EAR only it sees
      // the migration scripts in the resources jar.
      Flyway flyway =
          Flyway.configure(getClass().getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .load();
      MigrateResult result = flyway.migrate();
      MigrationInfo current = flyway.info().current();
      String version = current == null ? "none" : current.getVersion().getVersion();
      LOG.log(
          Level.INFO,
          "TANDEM-STORE-0001 schema at version {0} ({1} migration(s) applied, database {2})",
          new Object[] {version, result.migrationsExecuted, result.database});
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "TANDEM-STORE-0002 schema migration failed: " + e.getMessage(), e);
      throw e;
    }
  }
}
