package dev.tandem.endpoint;

import java.util.Objects;

/**
 * A service hosted at one path below the context root, with the binding it has there (WCF's
 * address, binding and contract): whether messages must travel in a WS-RM Sequence and whether plain
 * HTTP is refused.
 *
 * <p>A reliable endpoint publishes the RM policy assertion in its WSDL (WS-RM Policy 1.0 or 1.1, as
 * the client asks); an HTTPS-only endpoint is WCF's custom binding with {@code httpsTransport}.
 *
 * @param path the normalised path ({@link EndpointTable#normalise}), e.g. {@code /service.svc/duplex}
 * @param service the service hosted there
 * @param reliable messages must travel in a WS-RM Sequence (and the WSDL carries the RM assertion)
 * @param httpsOnly plain HTTP to this endpoint is refused
 */
public record HostedEndpoint(
    String path, ServiceDescription service, boolean reliable, boolean httpsOnly) {

  /**
   * Refuses a path that is not normalised, and a duplex endpoint without RM (as WCF's
   * WSDualHttpBinding, whose reliable session cannot be turned off: the callbacks travel in the offered
   * Sequence).
   *
   * @throws IllegalArgumentException for such an endpoint
   */
  public HostedEndpoint {
    Objects.requireNonNull(service, "service");
    if (path == null || !path.startsWith("/") || !path.equals(EndpointTable.normalise(path))) {
      throw new IllegalArgumentException("not a normalised path: " + path);
    }
    if (service.duplex() && !reliable) {
      throw new IllegalArgumentException("duplex endpoint " + path + " must be reliable");
    }
  }

  /** The service's exchange pattern. */
  public ExchangePattern pattern() {
    return service.pattern();
  }
}
