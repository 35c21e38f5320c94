package dev.tandem.codec;

import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.CreateSequenceResponse;

/** The content of an outbound SOAP Body. */
public sealed interface OutboundBody {

  /** An empty Body (acknowledgements, LastMessage). */
  record Empty() implements OutboundBody {}

  /**
   * A serialized XML element, e.g. a stored application reply.
   *
   * @param xml one element, UTF-8
   */
  record Xml(byte[] xml) implements OutboundBody {}

  /**
   * {@code CreateSequence} without an Offer: Tandem as RM Source of a reply Sequence the client did
   * not offer (WS-RM 1.1 §3.4).
   */
  record CreateSequenceBody(CreateSequence request) implements OutboundBody {}

  /** {@code CreateSequenceResponse}. */
  record CreateSequenceResponseBody(CreateSequenceResponse response) implements OutboundBody {}

  /**
   * An RM body that carries only an Identifier: {@code TerminateSequence},
   * {@code TerminateSequenceResponse}, {@code CloseSequenceResponse}.
   *
   * @param localName the element's local name in the RM namespace
   * @param identifier the Sequence Identifier
   */
  record IdentifierBody(String localName, String identifier) implements OutboundBody {}

  static OutboundBody empty() {
    return new Empty();
  }
}
