package dev.tandem.engine;

import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.rm.protocol.RmFaultException;

/** How the engine answers one inbound message on its HTTP response. */
public sealed interface Answer {

  /**
   * A SOAP message on the HTTP response.
   *
   * @param envelope the message
   * @param httpStatus 200, or 500 for an application fault
   */
  record Reply(OutboundEnvelope envelope, int httpStatus) implements Answer {}

  /**
   * A MakeConnection poll with nothing to deliver yet: hold the HTTP request open (WS-MC 1.1 §3.1)
   * until a message is queued for {@code address} or the hold time ends (then 202).
   *
   * @param address the MC anonymous URI polled for
   */
  record Park(String address) implements Answer {}

  /** HTTP 202 Accepted with an empty body. */
  record Accepted() implements Answer {}

  /**
   * A fault Tandem raises (RM, addressing, malformed input); nothing of the message was kept.
   *
   * @param fault the fault
   * @param relatesTo MessageID of the request, or null
   */
  record Fault(RmFaultException fault, String relatesTo) implements Answer {}
}
