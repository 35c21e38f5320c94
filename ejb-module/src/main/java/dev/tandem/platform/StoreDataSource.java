package dev.tandem.platform;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;
import javax.sql.DataSource;

/**
 * Which database holds Tandem's store: the server's JDBC resource {@value #SERVER_RESOURCE} when
 * the operator created one (admin console → Resources → JDBC, or {@code asadmin
 * create-jdbc-resource}), otherwise the application's own {@value #APPLICATION_DEFAULT} (defined on
 * {@code SchemaMigration}: PostgreSQL when {@code tandem.jdbc.url} is set, else embedded H2 under
 * {@code tandem.data.dir}).
 *
 * <p>Decided once per deployment: creating or removing {@value #SERVER_RESOURCE} takes effect after a
 * redeploy or a restart. Flyway (SchemaMigration), Hibernate ({@link StoreConnectionProvider}) and
 * the readiness check all use the same choice.
 */
public final class StoreDataSource {
  /** The JDBC resource an operator creates on the server. */
  public static final String SERVER_RESOURCE = "jdbc/tandem";

  /**
   * How Hibernate looks up {@value #SERVER_RESOURCE}: GlassFish and Payara serve a JDBC resource to a
   * persistence provider under its name + {@code __pm}, as their own JPA integration does. Its
   * connections stay enlisted in the JTA transaction until it completes; a plain lookup's connection
   * is delisted when the EJB call returns, so Hibernate's flush at commit took a second connection and
   * waited for the row locks of the first (seen on Payara Server 6.2025.9 with PostgreSQL).
   */
  public static final String SERVER_RESOURCE_FOR_JPA = SERVER_RESOURCE + "__pm";

  /** The data source the application defines for itself. */
  public static final String APPLICATION_DEFAULT = "java:app/jdbc/tandem-default";

  private StoreDataSource() {}

  /**
   * The store's database as chosen now.
   *
   * @param name {@value #SERVER_RESOURCE} or {@value #APPLICATION_DEFAULT}
   * @param dataSource the data source bound there
   */
  public record Choice(String name, DataSource dataSource) {}

  /**
   * Looks up the store's data source, once: {@value #SERVER_RESOURCE} if bound, else {@value
   * #APPLICATION_DEFAULT} (a {@code java:app} name: call it from the application's own components).
   *
   * @return the JNDI name used and its data source
   * @throws IllegalStateException when the chosen name cannot be looked up
   */
  public static Choice lookup() {
    Optional<DataSource> server = bound(SERVER_RESOURCE);
    return server
        .map(d -> new Choice(SERVER_RESOURCE, d))
        .orElseGet(() -> new Choice(APPLICATION_DEFAULT, bound(APPLICATION_DEFAULT).orElseThrow(
            () -> new IllegalStateException("TANDEM-STORE-0004 " + APPLICATION_DEFAULT + " is not bound"))));
  }

  /**
   * The server's {@value #SERVER_RESOURCE} as a persistence provider must use it ({@value
   * #SERVER_RESOURCE_FOR_JPA}), if the operator created it. Needs no application context (unlike
   * {@code java:app} names), so Hibernate can call it while the application is deployed.
   *
   * @return the data source, or empty when {@value #SERVER_RESOURCE} is not bound
   * @throws IllegalStateException when a lookup fails for another reason
   */
  public static Optional<DataSource> serverResourceForJpa() {
    return bound(SERVER_RESOURCE).isPresent() ? bound(SERVER_RESOURCE_FOR_JPA) : Optional.empty();
  }

  private static Optional<DataSource> bound(String name) {
    try {
      return Optional.of(InitialContext.doLookup(name));
    } catch (NamingException e) {
      if (notBound(e)) {
        return Optional.empty();
      }
      throw new IllegalStateException("TANDEM-STORE-0004 cannot look up " + name + ": " + e, e);
    }
  }

  /**
   * GlassFish reports an unbound name as a NamingException whose root cause is NameNotFoundException;
   * outside a container (the store tests) there is no naming service at all, so no server resource.
   */
  private static boolean notBound(NamingException e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (t instanceof NameNotFoundException || t instanceof NoInitialContextException) {
        return true;
      }
      t = t instanceof NamingException n && n.getRootCause() != null ? n.getRootCause() : t.getCause();
    }
    return false;
  }
}
