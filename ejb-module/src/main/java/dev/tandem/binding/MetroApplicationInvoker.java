package dev.tandem.binding;

import dev.tandem.endpoint.EndpointTable;
import dev.tandem.endpoint.HostedEndpoint;
import dev.tandem.endpoint.ServiceDescription;
import dev.tandem.engine.ApplicationInvoker;
import dev.tandem.engine.ApplicationReply;
import dev.tandem.engine.CallbackSink;
import dev.tandem.engine.Invocation;
import dev.tandem.service.DelayedCallbacks;
import dev.tandem.service.SessionService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services of the {@link EndpointTable}, each run by Metro: one Metro endpoint per service,
 * shared by every path that hosts it (the calculator's three).
 *
 * <p>Paths are matched case-insensitively, as IIS does for {@code Service.svc}.
 *
 * <p>Nothing here changes JVM-wide settings, so that Tandem can share a server with other
 * applications: Metro's JMX monitoring is off per endpoint ({@code META-INF/wsit-<implementation
 * class>.xml}), and Metro puts no stack trace in a fault unless the system property {@code
 * com.sun.xml.ws.fault.SOAPFaultBuilder.captureStackTrace} is true (its default is false).
 */
@ApplicationScoped
public class MetroApplicationInvoker implements ApplicationInvoker {
  /** {@link EndpointTable#CALCULATOR}. */
  public static final String CALCULATOR = EndpointTable.CALCULATOR;

  /** {@link EndpointTable#CALCULATOR_BASIC}. */
  public static final String CALCULATOR_BASIC = EndpointTable.CALCULATOR_BASIC;

  /** {@link EndpointTable#CALCULATOR_SECURE}. */
  public static final String CALCULATOR_SECURE = EndpointTable.CALCULATOR_SECURE;

  /** {@link EndpointTable#DUPLEX}. */
  public static final String DUPLEX = EndpointTable.DUPLEX;

  /** {@link EndpointTable#DUPLEX_SDK}. */
  public static final String DUPLEX_SDK = EndpointTable.DUPLEX_SDK;

  /** {@link EndpointTable#PROCESS_DATA}. */
  public static final String PROCESS_DATA = EndpointTable.PROCESS_DATA;

  @Inject DuplexSessions sessions;

  @Inject
  @ConfigProperty(name = "tandem.rsp.delay", defaultValue = "5000")
  long processDataDelayMillis = 5000;

  private final EndpointTable table;
  private volatile Map<String, HostedService> services;

  /** For CDI: the {@link EndpointTable#SAMPLES}. */
  public MetroApplicationInvoker() {
    this.table = EndpointTable.SAMPLES;
  }

  /** Outside a container (tests): duplex services then need {@code sessions}. */
  public MetroApplicationInvoker(DuplexSessions sessions) {
    this(sessions, EndpointTable.SAMPLES);
  }

  /** Outside a container, the services of {@code table}. */
  public MetroApplicationInvoker(DuplexSessions sessions, EndpointTable table) {
    this.sessions = sessions;
    this.table = table;
  }

  private Map<String, HostedService> services() {
    Map<String, HostedService> s = services;
    if (s == null) {
      synchronized (this) {
        if (services == null) {
          services = build();
        }
        s = services;
      }
    }
    return s;
  }

  /**
   * Disposes the endpoints when the application stops, so that a redeployment leaves none of them
   * (nor their Metro resources) behind. A later call builds them again.
   */
  @PreDestroy
  public void dispose() {
    Map<String, HostedService> s;
    synchronized (this) {
      s = services;
      services = null;
    }
    if (s != null) {
      s.values().stream().map(HostedService::metro).distinct().forEach(MetroService::dispose);
    }
  }

  private Map<String, HostedService> build() {
    Duration delay = Duration.ofMillis(processDataDelayMillis);
    Map<ServiceDescription, MetroService> metro = new IdentityHashMap<>();
    Map<String, HostedService> hosted = new HashMap<>();
    for (HostedEndpoint e : table.endpoints()) {
      ServiceDescription d = e.service();
      hosted.put(
          e.path(),
          new HostedService(
              e, metro.computeIfAbsent(d, x -> metroService(x, delay)), sessionFactory(d, delay)));
    }
    return Map.copyOf(hosted);
  }

  private static MetroService metroService(ServiceDescription d, Duration delay) {
    return switch (d.pattern()) {
      case REQUEST_REPLY -> singleton(d.implementation(), d, d.instances().newInstance(delay));
      case DUPLEX ->
          MetroService.perSession(d.implementation(), d.contract(), d.serviceName(), d.portName());
    };
  }

  private static <T> MetroService singleton(
      Class<T> implementation, ServiceDescription d, Object instance) {
    return new MetroService(
        implementation, d.contract(), implementation.cast(instance), d.serviceName(), d.portName());
  }

  private static Supplier<SessionService<?>> sessionFactory(ServiceDescription d, Duration delay) {
    // ServiceDescription.duplex(...) has checked that a duplex implementation is a SessionService.
    return d.duplex() ? () -> (SessionService<?>) d.instances().newInstance(delay) : null;
  }

  /** True when {@code endpoint} accepts only HTTPS (any letter case). */
  public boolean requiresHttps(String endpoint) {
    return table.find(endpoint).map(HostedEndpoint::httpsOnly).orElse(false);
  }

  /** True when a service is hosted at {@code endpoint}. */
  public boolean hosts(String endpoint) {
    return services().containsKey(normalise(endpoint));
  }

  private HostedService service(String endpoint) {
    HostedService s = services().get(normalise(endpoint));
    if (s == null) {
      throw new IllegalArgumentException("no service at " + endpoint);
    }
    return s;
  }

  @Override
  public boolean isReliable(String endpoint) {
    return service(endpoint).reliable();
  }

  @Override
  public boolean isDuplex(String endpoint) {
    return service(endpoint).duplex();
  }

  @Override
  public boolean supports(String endpoint, String action) {
    HostedService s = services().get(normalise(endpoint));
    return s != null && s.metro().supports(action);
  }

  @Override
  public boolean expectsReply(String endpoint, String action) {
    HostedService s = services().get(normalise(endpoint));
    return s != null && s.metro().expectsReply(action);
  }

  @Override
  public QName requestElement(String endpoint, String action) {
    HostedService s = services().get(normalise(endpoint));
    return s == null ? null : s.metro().requestElement(action);
  }

  @Override
  public ApplicationReply invoke(Invocation invocation) {
    HostedService s = service(invocation.endpoint());
    if (s.sessionFactory() == null) {
      return s.metro().invoke(invocation.action(), invocation.body());
    }
    // A service that "sleeps" before calling back gets its callbacks scheduled instead.
    CallbackSink sink = invocation.callbacks();
    SessionService<?>[] target = new SessionService<?>[1];
    SessionService<?> instance =
        sessions.open(
            invocation.sessionId(),
            s.sessionFactory(),
            s.callbackContract(),
            (action, body, delay) ->
                sink.send(
                    action,
                    body,
                    target[0] instanceof DelayedCallbacks d ? d.callbackDelay() : delay));
    target[0] = instance;
    ApplicationReply reply = s.metro().invoke(invocation.action(), invocation.body(), instance);
    sessions.save(invocation.sessionId(), normalise(invocation.endpoint()), instance);
    return reply;
  }

  @Override
  public void endSession(String endpoint, String sessionId) {
    if (service(endpoint).sessionFactory() != null) {
      sessions.end(sessionId);
    }
  }

  /** Lower-cases a path and drops a trailing slash ({@link EndpointTable#normalise}). */
  public static String normalise(String path) {
    return EndpointTable.normalise(path);
  }
}
