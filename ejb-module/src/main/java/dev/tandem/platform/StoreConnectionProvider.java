package dev.tandem.platform;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's connections for the {@code tandem} persistence unit: the server's {@code jdbc/tandem}
 * when the operator created it, else the unit's {@code <jta-data-source>}, the application's own
 * {@value StoreDataSource#APPLICATION_DEFAULT} (see {@link StoreDataSource}).
 *
 * <p>Why not only {@code <jta-data-source>}: it names one JNDI name, fixed at build time, and
 * deployment fails when it is not bound; Tandem deploys unchanged onto a bare domain and picks up a
 * JDBC resource created later. Either way the connections are a server pool's, enlisted in the JTA
 * transaction (the server's resource looked up as {@link StoreDataSource#SERVER_RESOURCE_FOR_JPA}).
 */
public class StoreConnectionProvider extends DatasourceConnectionProviderImpl {
  private static final Logger LOG = Logger.getLogger(StoreConnectionProvider.class.getName());

  @Override
  public void configure(Map<String, Object> configValues) {
    Optional<DataSource> server = StoreDataSource.serverResourceForJpa();
    server.ifPresent(this::setDataSource);
    LOG.info(
        "TANDEM-STORE-0003 store database: "
            + (server.isPresent() ? StoreDataSource.SERVER_RESOURCE : StoreDataSource.APPLICATION_DEFAULT));
    super.configure(configValues);
  }
}
