package dev.tandem.binding;

import dev.tandem.engine.ApplicationInvoker;
import dev.tandem.engine.ApplicationReply;
import dev.tandem.samples.calculator.CalculatorService;
import dev.tandem.samples.calculator.ICalculator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The services Tandem hosts, by endpoint path below the context root, each run by Metro.
 *
 * <p>Paths are matched case-insensitively, as IIS does for {@code Service.svc}.
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
   * The reliable calculator, HTTPS only (WCF custom binding reliableSession + httpsTransport); the web
   * tier refuses plain HTTP here. {@link #CALCULATOR} itself serves both schemes.
   */
  public static final String CALCULATOR_SECURE = "/service.svc/secure";

  static {
    // A fault must never carry a Java stack trace to the client.
    System.setProperty("com.sun.xml.ws.fault.SOAPFaultBuilder.disableCaptureStackTrace", "true");
    // Metro's JMX monitoring needs reflective access the JDK 17 module system refuses.
    System.setProperty("com.sun.xml.ws.monitoring.endpoint", "false");
  }

  private volatile Map<String, MetroService> services;

  private Map<String, MetroService> services() {
    Map<String, MetroService> s = services;
    if (s == null) {
      synchronized (this) {
        if (services == null) {
          MetroService calculator =
              new MetroService(
                  CalculatorService.class,
                  ICalculator.class,
                  new CalculatorService(),
                  new QName(ICalculator.NS, "CalculatorService"),
                  new QName(ICalculator.NS, "WSHttpBinding_ICalculator"));
          services =
              Map.of(
                  CALCULATOR, calculator, CALCULATOR_BASIC, calculator, CALCULATOR_SECURE, calculator);
        }
        s = services;
      }
    }
    return s;
  }

  /** True when a service is hosted at {@code endpoint}. */
  public boolean hosts(String endpoint) {
    return services().containsKey(normalise(endpoint));
  }

  /** True when {@code endpoint} accepts messages only over HTTPS. */
  public static boolean requiresHttps(String endpoint) {
    return CALCULATOR_SECURE.equals(normalise(endpoint));
  }

  /** True when messages to {@code endpoint} must travel in a WS-RM Sequence. */
  @Override
  public boolean isReliable(String endpoint) {
    return !CALCULATOR_BASIC.equals(normalise(endpoint));
  }

  @Override
  public boolean supports(String endpoint, String action) {
    MetroService s = services().get(normalise(endpoint));
    return s != null && s.supports(action);
  }

  @Override
  public ApplicationReply invoke(String endpoint, String action, Element body) {
    MetroService s = services().get(normalise(endpoint));
    if (s == null) {
      throw new IllegalArgumentException("no service at " + endpoint);
    }
    return s.invoke(action, body);
  }

  /** Lower-cases a path and drops a trailing slash. */
  public static String normalise(String path) {
    String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }
}
