package dev.tandem.binding;

import dev.tandem.endpoint.HostedEndpoint;
import dev.tandem.service.SessionService;
import java.util.function.Supplier;

/**
 * A table endpoint as Metro runs it.
 *
 * @param endpoint the endpoint in the {@link dev.tandem.endpoint.EndpointTable}
 * @param metro the service on Metro, shared by every endpoint of the same service
 * @param sessionFactory a fresh per-session instance of a duplex service; null for request-reply
 */
record HostedService(
    HostedEndpoint endpoint, MetroService metro, Supplier<SessionService<?>> sessionFactory) {

  /** Messages must travel in a WS-RM Sequence. */
  boolean reliable() {
    return endpoint.reliable();
  }

  /** One-way operations with callbacks over a dual channel. */
  boolean duplex() {
    return endpoint.service().duplex();
  }

  /** The callback interface of a duplex service, or null. */
  Class<?> callbackContract() {
    return endpoint.service().callbackContract();
  }
}
