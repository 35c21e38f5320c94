package dev.tandem.endpoint;

import dev.tandem.samples.calculator.CalculatorService;
import dev.tandem.samples.calculator.ICalculator;
import dev.tandem.samples.processdata.IProcessDataDuplex;
import dev.tandem.samples.processdata.IProcessDataDuplexCallBack;
import dev.tandem.samples.processdata.ProcessDataService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * The endpoints Tandem hosts, by path below the context root: the one place that says which paths
 * exist, what runs at each and how. Immutable.
 *
 * <p>Paths are matched case-insensitively and without a trailing slash, as IIS does for {@code
 * Service.svc} ({@link #normalise}).
 */
public final class EndpointTable {
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

  /** The ported WCF samples, as Tandem hosts them. */
  public static final EndpointTable SAMPLES = samples();

  private final Map<String, HostedEndpoint> endpoints;

  /**
   * A table of {@code endpoints}, in that order.
   *
   * @throws IllegalArgumentException when two endpoints have the same path
   */
  public EndpointTable(List<HostedEndpoint> endpoints) {
    Map<String, HostedEndpoint> byPath = new LinkedHashMap<>();
    for (HostedEndpoint e : endpoints) {
      if (byPath.putIfAbsent(e.path(), e) != null) {
        throw new IllegalArgumentException("two endpoints at " + e.path());
      }
    }
    this.endpoints = Collections.unmodifiableMap(byPath);
  }

  /** Every endpoint, in table order. */
  public List<HostedEndpoint> endpoints() {
    return List.copyOf(endpoints.values());
  }

  /** Every service, once each, in the order of its first endpoint. */
  public List<ServiceDescription> services() {
    List<ServiceDescription> services = new ArrayList<>();
    for (HostedEndpoint e : endpoints.values()) {
      if (services.stream().noneMatch(s -> s == e.service())) {
        services.add(e.service());
      }
    }
    return List.copyOf(services);
  }

  /** The endpoint at {@code path} in any letter case, with or without a trailing slash. */
  public Optional<HostedEndpoint> find(String path) {
    return at(normalise(path));
  }

  /** The endpoint whose path is exactly {@code normalisedPath} (see {@link #normalise}). */
  public Optional<HostedEndpoint> at(String normalisedPath) {
    return Optional.ofNullable(endpoints.get(normalisedPath));
  }

  /** Lower-cases a path and drops a trailing slash; null is the empty path. */
  public static String normalise(String path) {
    String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }

  private static EndpointTable samples() {
    ServiceDescription calculator =
        ServiceDescription.requestReply(
            CalculatorService.class,
            ICalculator.class,
            new QName(ICalculator.NS, "CalculatorService"),
            new QName(ICalculator.NS, "WSHttpBinding_ICalculator"),
            delay -> new CalculatorService(),
            WsdlDocument.of("calculator"));
    ServiceDescription duplexDocs =
        ServiceDescription.duplex(
            dev.tandem.samples.duplex.CalculatorDuplexService.class,
            dev.tandem.samples.duplex.ICalculatorDuplex.class,
            dev.tandem.samples.duplex.ICalculatorDuplexCallback.class,
            new QName(dev.tandem.samples.duplex.ICalculatorDuplex.NS, "CalculatorService"),
            new QName(
                dev.tandem.samples.duplex.ICalculatorDuplex.NS,
                "WSDualHttpBinding_ICalculatorDuplex"),
            delay -> new dev.tandem.samples.duplex.CalculatorDuplexService(),
            duplexWsdl(dev.tandem.samples.duplex.ICalculatorDuplex.NS, "Equals"));
    ServiceDescription duplexSdk =
        ServiceDescription.duplex(
            dev.tandem.samples.duplexsdk.CalculatorDuplexService.class,
            dev.tandem.samples.duplexsdk.ICalculatorDuplex.class,
            dev.tandem.samples.duplexsdk.ICalculatorDuplexCallback.class,
            new QName(dev.tandem.samples.duplexsdk.ICalculatorDuplex.NS, "CalculatorService"),
            new QName(
                dev.tandem.samples.duplexsdk.ICalculatorDuplex.NS,
                "WSDualHttpBinding_ICalculatorDuplex"),
            delay -> new dev.tandem.samples.duplexsdk.CalculatorDuplexService(),
            duplexWsdl(dev.tandem.samples.duplexsdk.ICalculatorDuplex.NS, "Result"));
    ServiceDescription processData =
        ServiceDescription.duplex(
            ProcessDataService.class,
            IProcessDataDuplex.class,
            IProcessDataDuplexCallBack.class,
            new QName(IProcessDataDuplex.NS, "ProcessDataService"),
            new QName(IProcessDataDuplex.NS, "ProcessDataDuplex"),
            ProcessDataService::new,
            WsdlDocument.of("processdata"));
    return new EndpointTable(
        List.of(
            new HostedEndpoint(CALCULATOR, calculator, true, false),
            new HostedEndpoint(CALCULATOR_BASIC, calculator, false, false),
            new HostedEndpoint(CALCULATOR_SECURE, calculator, true, true),
            new HostedEndpoint(DUPLEX, duplexDocs, true, false),
            new HostedEndpoint(DUPLEX_SDK, duplexSdk, true, false),
            new HostedEndpoint(PROCESS_DATA, processData, true, false)));
  }

  /** The duplex variants differ in namespace and in the name of the running-result callback. */
  private static WsdlDocument duplexWsdl(String namespace, String resultOperation) {
    return new WsdlDocument("duplex", Map.of("NS", namespace, "RESULT_OP", resultOperation));
  }
}
