package dev.tandem.binding;

import dev.tandem.service.SessionService;
import jakarta.ejb.Remove;
import jakarta.ejb.Stateful;
import jakarta.ejb.StatefulTimeout;
import java.util.concurrent.TimeUnit;

/**
 * One duplex session's service instance and its callback channel (WCF's per-session
 * InstanceContext). A cache: the instance's state is also saved in the store after every message, so
 * a bean lost to a restart, a timeout (30 min idle) or a rolled-back transaction is rebuilt from
 * there.
 */
// Not passivation capable: the service instance and its callback proxy live only in this JVM; the
// store, not serialisation, is how a session survives (Payara would otherwise checkpoint it).
@Stateful(passivationCapable = false)
@StatefulTimeout(value = 30, unit = TimeUnit.MINUTES)
public class DuplexSessionBean {
  private String sessionId;
  private SessionService<?> service;

  /** Attaches the session's service instance (restored from the store by the caller). */
  public void open(String sessionId, SessionService<?> service) {
    this.sessionId = sessionId;
    this.service = service;
  }

  /** The session's service instance. */
  public SessionService<?> service() {
    return service;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Ends the session: the container discards the bean. */
  @Remove
  public void close() {
    service = null;
  }
}
