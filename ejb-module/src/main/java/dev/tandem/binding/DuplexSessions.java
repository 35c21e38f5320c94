package dev.tandem.binding;

import dev.tandem.engine.CallbackSink;
import dev.tandem.service.SessionService;
import dev.tandem.store.SessionStateStore;
import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Maps a session (the client's request Sequence) to its {@link DuplexSessionBean}. The store is the
 * truth: a missing or broken bean is rebuilt from the saved state, a bean whose transaction rolls
 * back is dropped, since its fields may hold changes the database never saw, and a bean whose state
 * is not the stored one is rebuilt: another node served the session since (several nodes on one
 * database, any node serving any message). Each message reads the saved state once, under the
 * session's row lock, to compare.
 */
@ApplicationScoped
public class DuplexSessions {
  private static final Logger LOG = Logger.getLogger(DuplexSessions.class.getName());

  @Inject Instance<DuplexSessionBean> beans;
  @Inject SessionStateStore states;

  @Inject
  TransactionSynchronizationRegistry transactions;

  private final Map<String, DuplexSessionBean> cache = new ConcurrentHashMap<>();
  /** The saved state each cached bean holds (empty: none saved yet), to compare with the store's. */
  private final Map<String, Optional<String>> known = new ConcurrentHashMap<>();
  private final Object firstBean = new Object();
  private volatile boolean beanClassDefined;

  /**
   * The session's service instance, bound to {@code callbacks}, for one invocation in the current
   * transaction.
   *
   * @param factory makes a fresh instance (the service's constructor)
   * @param callbackContract the service's callback interface
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  SessionService<?> open(
      String sessionId,
      Supplier<SessionService<?>> factory,
      Class<?> callbackContract,
      CallbackSink callbacks) {
    Optional<String> stored = states.load(sessionId);
    SessionService service = cached(sessionId);
    if (service != null && !stored.equals(known.get(sessionId))) {
      // The store moved on without this bean: another node served the session's last message.
      LOG.fine(() -> "TANDEM-SESSION-0002 bean of " + sessionId + " stale; rebuilt from the store");
      evict(sessionId);
      service = null;
    }
    if (service == null) {
      SessionService<?> fresh = factory.get();
      stored.ifPresent(fresh::restore);
      DuplexSessionBean bean = newBean();
      bean.open(sessionId, fresh);
      cache.put(sessionId, bean);
      known.put(sessionId, stored);
      service = fresh;
    }
    service.bindCallback(CallbackProxy.create(callbackContract, callbacks));
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
              evict(sessionId);
            }
          }
        });
    return service;
  }

  /**
   * A new session bean. Payara defines the bean's no-interface view class on the first creation and
   * races when two threads create the first beans at once: one gets an EJBException (LinkageError
   * "attempted duplicate class definition for __EJB31_Generated__DuplexSessionBean__Intf____Bean__",
   * found by the soak's concurrent duplex sessions on a fresh server). So the first creation is
   * serialised; later ones are not.
   */
  private DuplexSessionBean newBean() {
    if (beanClassDefined) {
      return beans.get();
    }
    synchronized (firstBean) {
      DuplexSessionBean bean = beans.get();
      beanClassDefined = true;
      return bean;
    }
  }

  /** Saves the instance's state in the current transaction. */
  void save(String sessionId, String endpoint, SessionService<?> service) {
    String snapshot = service.snapshot();
    states.save(sessionId, endpoint, snapshot);
    if (cache.containsKey(sessionId)) {
      known.put(sessionId, Optional.of(snapshot)); // dropped with the bean if this rolls back
    }
  }

  /** The session ended: removes its bean and its saved state. */
  void end(String sessionId) {
    evict(sessionId);
    states.delete(sessionId);
  }

  private SessionService<?> cached(String sessionId) {
    DuplexSessionBean bean = cache.get(sessionId);
    if (bean == null) {
      return null;
    }
    try {
      return bean.service();
    } catch (EJBException gone) {
      // Timed out or discarded by the container (NoSuchEJBException, NoSuchObjectLocalException).
      cache.remove(sessionId);
      known.remove(sessionId);
      return null;
    }
  }

  private void evict(String sessionId) {
    known.remove(sessionId);
    DuplexSessionBean bean = cache.remove(sessionId);
    if (bean != null) {
      try {
        bean.close();
      } catch (EJBException alreadyGone) {
        LOG.fine(() -> "TANDEM-SESSION-0001 bean of " + sessionId + " already removed");
      }
    }
  }
}
