package dev.tandem.platform;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The container's resources as CDI beans, looked up by their standard JNDI names rather than
 * injected with {@code @Resource}.
 *
 * <p>Why: the WAR's {@code web.xml} is {@code metadata-complete} (so a full Payara Server does not
 * publish Metro's or the samples' {@code @WebService} classes as endpoints of their own), and then the
 * server ignores {@code @Resource}, {@code @EJB} and {@code @PersistenceContext} on the web
 * module's classes (and on the CDI beans of a stand-alone WAR's jars). CDI injection is not affected.
 */
@ApplicationScoped
public class ContainerResources {
  /**
   * The container-managed, transaction-scoped EntityManager of the {@code tandem} persistence unit,
   * declared with {@code @PersistenceContext(name = ...)} on {@code SchemaMigration} (an EJB, whose
   * annotations the server always reads).
   */
  public static final String STORE_ENTITY_MANAGER = "java:app/tandem/store";

  /**
   * The store's EntityManager: the container's transaction-scoped one, safe to share between threads
   * (Jakarta Persistence 3.1 §7.6.2); each call works in the caller's JTA transaction.
   *
   * @return the persistence context bound at {@value #STORE_ENTITY_MANAGER}
   * @throws IllegalStateException when the name is not bound
   */
  @Produces
  public EntityManager storeEntityManager() {
    return lookup(STORE_ENTITY_MANAGER);
  }

  /**
   * The default managed scheduled executor (Jakarta Concurrency 3.0 §3.3.4.2).
   *
   * @return {@code java:comp/DefaultManagedScheduledExecutorService}
   * @throws IllegalStateException when the name is not bound (not in a Jakarta EE container)
   */
  @Produces
  @ApplicationScoped
  public ManagedScheduledExecutorService scheduler() {
    return lookup("java:comp/DefaultManagedScheduledExecutorService");
  }

  /**
   * The transaction synchronization registry (Jakarta Transactions 2.0 §3.3.2).
   *
   * @return {@code java:comp/TransactionSynchronizationRegistry}
   * @throws IllegalStateException when the name is not bound
   */
  @Produces
  @ApplicationScoped
  public TransactionSynchronizationRegistry transactionSynchronizationRegistry() {
    return lookup("java:comp/TransactionSynchronizationRegistry");
  }

  private static <T> T lookup(String name) {
    try {
      return InitialContext.doLookup(name);
    } catch (NamingException e) {
      throw new IllegalStateException("TANDEM-PLATFORM-0001 " + name + " is not bound: " + e, e);
    }
  }
}
