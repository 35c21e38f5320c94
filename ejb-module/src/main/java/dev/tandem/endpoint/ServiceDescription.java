package dev.tandem.endpoint;

import dev.tandem.service.SessionService;
import java.time.Duration;
import java.util.Objects;
import javax.xml.namespace.QName;

/**
 * One ported WCF service, as WCF's {@code ServiceDescription} has it: the implementation, its
 * contract (and callback contract), its service and port names, how its instances are made and which
 * WSDL it publishes. Several endpoints may host the same service (the calculator is at three paths)
 * and then share it: a request-reply service has one instance for all of them.
 *
 * <p>Made by {@link #requestReply} or {@link #duplex}; the constructor refuses an inconsistent shape:
 * a duplex service has a callback contract and implements {@link SessionService}, a request-reply
 * service has no callback contract, and the implementation implements the contract.
 *
 * @param implementation the service class
 * @param contract the service contract (the {@code @WebService} endpoint interface)
 * @param callbackContract the callback interface of a duplex service; null for request-reply
 * @param serviceName the service Metro runs the implementation as (its {@code @WebService
 *     serviceName}), also the published WSDL's service, e.g. {@code {NS}CalculatorService}
 * @param portName the port Metro runs it at (its {@code @WebService portName}), e.g. {@code
 *     {NS}WSHttpBinding_ICalculator}; the published WSDL may name its port otherwise (the RSP
 *     sample's is WCF's {@code CustomBinding_IProcessDataDuplex})
 * @param pattern request-reply or duplex
 * @param instances makes the one instance (request-reply) or each session's instance (duplex)
 * @param wsdl the WSDL this service publishes
 */
public record ServiceDescription(
    Class<?> implementation,
    Class<?> contract,
    Class<?> callbackContract,
    QName serviceName,
    QName portName,
    ExchangePattern pattern,
    ServiceFactory instances,
    WsdlDocument wsdl) {

  /**
   * Makes a service instance.
   *
   * <p>{@code callbackDelay} is the operator's setting ({@code tandem.rsp.delay}) for a service that
   * sleeps before calling back (see {@link dev.tandem.service.DelayedCallbacks}); other services
   * ignore it.
   */
  @FunctionalInterface
  public interface ServiceFactory {
    /** A fresh instance of the service. */
    Object newInstance(Duration callbackDelay);
  }

  /**
   * Refuses an inconsistent shape.
   *
   * @throws IllegalArgumentException when the pattern, callback contract and implementation disagree
   */
  public ServiceDescription {
    Objects.requireNonNull(implementation, "implementation");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(portName, "portName");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(instances, "instances");
    Objects.requireNonNull(wsdl, "wsdl");
    if (!contract.isAssignableFrom(implementation)) {
      throw new IllegalArgumentException(implementation + " does not implement " + contract);
    }
    boolean duplex = pattern == ExchangePattern.DUPLEX;
    if (duplex != (callbackContract != null)) {
      throw new IllegalArgumentException(
          pattern + " service " + implementation.getName() + " with callback contract "
              + callbackContract);
    }
    if (duplex && !SessionService.class.isAssignableFrom(implementation)) {
      throw new IllegalArgumentException(
          "duplex service " + implementation.getName() + " is not a SessionService");
    }
  }

  /** A request-reply service: one instance for every call. */
  public static ServiceDescription requestReply(
      Class<?> implementation,
      Class<?> contract,
      QName serviceName,
      QName portName,
      ServiceFactory instances,
      WsdlDocument wsdl) {
    return new ServiceDescription(
        implementation,
        contract,
        null,
        serviceName,
        portName,
        ExchangePattern.REQUEST_REPLY,
        instances,
        wsdl);
  }

  /** A duplex service: an instance per session, calling back on {@code callbackContract}. */
  public static ServiceDescription duplex(
      Class<?> implementation,
      Class<?> contract,
      Class<?> callbackContract,
      QName serviceName,
      QName portName,
      ServiceFactory instances,
      WsdlDocument wsdl) {
    return new ServiceDescription(
        implementation,
        contract,
        Objects.requireNonNull(callbackContract, "callbackContract"),
        serviceName,
        portName,
        ExchangePattern.DUPLEX,
        instances,
        wsdl);
  }

  /** True for a duplex service. */
  public boolean duplex() {
    return pattern == ExchangePattern.DUPLEX;
  }
}
