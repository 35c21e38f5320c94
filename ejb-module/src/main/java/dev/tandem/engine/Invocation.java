package dev.tandem.engine;

import org.w3c.dom.Element;

/**
 * One delivery of a message to a service.
 *
 * @param endpoint service path, e.g. {@code /service.svc/duplex}
 * @param sessionId the request Sequence Identifier (WCF's session id), or null without a session
 * @param action the request's wsa:Action
 * @param body the request's SOAP Body content element
 * @param callbacks where the service's callbacks go
 */
public record Invocation(
    String endpoint, String sessionId, String action, Element body, CallbackSink callbacks) {}
