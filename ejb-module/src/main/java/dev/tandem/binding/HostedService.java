package dev.tandem.binding;

import dev.tandem.service.SessionService;
import java.util.function.Supplier;

/**
 * A service Tandem hosts at one endpoint path.
 *
 * @param metro the service on Metro
 * @param reliable messages must travel in a WS-RM Sequence
 * @param duplex one-way operations with callbacks over a dual channel
 * @param sessionFactory a fresh per-session instance, or null for a single-instance service
 * @param callbackContract the callback interface of a duplex service, or null
 */
record HostedService(
    MetroService metro,
    boolean reliable,
    boolean duplex,
    Supplier<SessionService<?>> sessionFactory,
    Class<?> callbackContract) {

  static HostedService requestReply(MetroService metro, boolean reliable) {
    return new HostedService(metro, reliable, false, null, null);
  }

  static HostedService duplex(
      MetroService metro, Supplier<SessionService<?>> factory, Class<?> callbackContract) {
    return new HostedService(metro, true, true, factory, callbackContract);
  }
}
