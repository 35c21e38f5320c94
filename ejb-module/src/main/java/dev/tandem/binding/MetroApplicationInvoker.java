package dev.tandem.binding;

import dev.tandem.engine.ApplicationInvoker;
import dev.tandem.engine.ApplicationReply;
import dev.tandem.engine.CallbackSink;
import dev.tandem.engine.Invocation;
import dev.tandem.samples.processdata.IProcessDataDuplex;
import dev.tandem.samples.processdata.IProcessDataDuplexCallBack;
import dev.tandem.samples.processdata.ProcessDataService;
import dev.tandem.service.DelayedCallbacks;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.tandem.samples.calculator.CalculatorService;
import dev.tandem.samples.calculator.ICalculator;
import dev.tandem.service.SessionService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * The services Tandem hosts, by endpoint path below the context root, each run by Metro.
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
  /** The reliable calculator's path (WCF sample: {@code /servicemodelsamples/service.svc}). */
  public static final String CALCULATOR = "/service.svc";

  /**
   * The same calculator without a reliable session (WCF basicHttpBinding-like, SOAP 1.2 + WS-A): the
   * baseline for RM-on/RM-off comparisons.
   */
  public static final String CALCULATOR_BASIC = "/service.svc/basic";

  /**
   * The reliable calculator on HTTPS only (WCF's custom binding reliableSession + httpsTransport);
   * plain HTTP to it is refused.
   */
  public static final String CALCULATOR_SECURE = "/service.svc/secure";

  /** The duplex calculator, docs variant (callbacks Equals, Equation). */
  public static final String DUPLEX = "/service.svc/duplex";

  /** The duplex calculator, SDK variant (namespace http://Microsoft.Samples.Duplex, callback Result). */
  public static final String DUPLEX_SDK = "/service.svc/duplex-sdk";

  /** The Reliable Secure Profile sample (ProcessData, callbacks over WS-MakeConnection). */
  public static final String PROCESS_DATA = "/service.svc/rsp";

  @Inject DuplexSessions sessions;

  @Inject
  @ConfigProperty(name = "tandem.rsp.delay", defaultValue = "5000")
  long processDataDelayMillis = 5000;

  private volatile Map<String, HostedService> services;

  /** For CDI. */
  public MetroApplicationInvoker() {}

  /** Outside a container (tests): duplex services then need {@code sessions}. */
  public MetroApplicationInvoker(DuplexSessions sessions) {
    this.sessions = sessions;
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
    MetroService calculator =
        new MetroService(
            CalculatorService.class,
            ICalculator.class,
            new CalculatorService(),
            new QName(ICalculator.NS, "CalculatorService"),
            new QName(ICalculator.NS, "WSHttpBinding_ICalculator"));
    HostedService duplexDocs =
        duplexService(
            dev.tandem.samples.duplex.CalculatorDuplexService.class,
            dev.tandem.samples.duplex.ICalculatorDuplex.class,
            dev.tandem.samples.duplex.ICalculatorDuplex.NS,
            dev.tandem.samples.duplex.CalculatorDuplexService::new,
            dev.tandem.samples.duplex.ICalculatorDuplexCallback.class);
    HostedService duplexSdk =
        duplexService(
            dev.tandem.samples.duplexsdk.CalculatorDuplexService.class,
            dev.tandem.samples.duplexsdk.ICalculatorDuplex.class,
            dev.tandem.samples.duplexsdk.ICalculatorDuplex.NS,
            dev.tandem.samples.duplexsdk.CalculatorDuplexService::new,
            dev.tandem.samples.duplexsdk.ICalculatorDuplexCallback.class);
    Duration delay = Duration.ofMillis(processDataDelayMillis);
    HostedService processData =
        HostedService.duplex(
            MetroService.perSession(
                ProcessDataService.class,
                IProcessDataDuplex.class,
                new QName(IProcessDataDuplex.NS, "ProcessDataService"),
                new QName(IProcessDataDuplex.NS, "ProcessDataDuplex")),
            () -> new ProcessDataService(delay),
            IProcessDataDuplexCallBack.class);
    return Map.of(
        PROCESS_DATA, processData,
        CALCULATOR, HostedService.requestReply(calculator, true),
        CALCULATOR_SECURE, HostedService.requestReply(calculator, true),
        CALCULATOR_BASIC, HostedService.requestReply(calculator, false),
        DUPLEX, duplexDocs,
        DUPLEX_SDK, duplexSdk);
  }

  /** A duplex calculator variant as WCF names it: CalculatorService / WSDualHttpBinding_ICalculatorDuplex. */
  private static HostedService duplexService(
      Class<?> implementation,
      Class<?> contract,
      String ns,
      java.util.function.Supplier<SessionService<?>> factory,
      Class<?> callbackContract) {
    return HostedService.duplex(
        MetroService.perSession(
            implementation,
            contract,
            new QName(ns, "CalculatorService"),
            new QName(ns, "WSDualHttpBinding_ICalculatorDuplex")),
        factory,
        callbackContract);
  }

  /** True when {@code endpoint} accepts only HTTPS (any letter case). */
  public static boolean requiresHttps(String endpoint) {
    return CALCULATOR_SECURE.equals(normalise(endpoint));
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

  /** Lower-cases a path and drops a trailing slash. */
  public static String normalise(String path) {
    String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }
}
