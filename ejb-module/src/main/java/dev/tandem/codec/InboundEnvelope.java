package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A received SOAP envelope, decoded into the headers the engine acts on.
 *
 * @param soapVersion the envelope's SOAP version
 * @param addressing WS-Addressing 1.0 headers
 * @param rmVersion the RM version of the RM headers or RM body, or null when the message has none
 * @param sequence the {@code Sequence} header, or null
 * @param acknowledgements {@code SequenceAcknowledgement} headers (any number)
 * @param ackRequested Identifiers named by {@code AckRequested} headers
 * @param body the first element child of the SOAP Body, or null for an empty Body
 * @param raw the envelope bytes as received (kept for messages held for ordering)
 */
public record InboundEnvelope(
    SoapVersion soapVersion,
    Addressing addressing,
    RmVersion rmVersion,
    SequenceHeader sequence,
    List<SequenceAcknowledgement> acknowledgements,
    List<String> ackRequested,
    Element body,
    byte[] raw) {

  /**
   * What differs in the protocol of {@link #rmVersion()}: Actions, faults, optional elements; null
   * when the message has no RM version.
   */
  public ProtocolVariation variation() {
    return ProtocolVariation.of(rmVersion);
  }

  /** The action, or "" when absent. */
  public String action() {
    return addressing.action() == null ? "" : addressing.action();
  }

  /** True when the body is the element {namespace}localName. */
  public boolean bodyIs(String namespace, String localName) {
    return body != null
        && namespace.equals(body.getNamespaceURI())
        && localName.equals(body.getLocalName());
  }
}
