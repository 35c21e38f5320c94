package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import dev.tandem.rm.protocol.SequenceHeader;
import java.util.List;

/**
 * A message Tandem sends, before encoding.
 *
 * @param soapVersion envelope version (that of the request it answers)
 * @param rmVersion namespace for RM headers, or null when it has none
 * @param action wsa:Action
 * @param relatesTo wsa:RelatesTo, or null
 * @param to wsa:To, or null (replies on the back channel omit it, as WCF does)
 * @param sequence Sequence header, or null
 * @param acknowledgements SequenceAcknowledgement headers
 * @param body what goes in the SOAP Body
 * @param messageId wsa:MessageID, or null (replies on the back channel carry none, as WCF's)
 * @param messagePending WS-MC {@code MessagePending/@pending} for a message sent on a
 *     MakeConnection back channel, or null for no such header
 * @param replyTo wsa:ReplyTo address, or null for none (a request whose response must be POSTed to
 *     Tandem, such as its own CreateSequence sent on a MakeConnection back channel)
 */
public record OutboundEnvelope(
    SoapVersion soapVersion,
    RmVersion rmVersion,
    String action,
    String relatesTo,
    String to,
    SequenceHeader sequence,
    List<SequenceAcknowledgement> acknowledgements,
    OutboundBody body,
    String messageId,
    Boolean messagePending,
    String replyTo) {

  public OutboundEnvelope {
    acknowledgements = List.copyOf(acknowledgements);
  }

  /**
   * What differs in the protocol of {@link #rmVersion()}: Actions, faults, optional elements; null
   * when the message has no RM version.
   */
  public ProtocolVariation variation() {
    return ProtocolVariation.of(rmVersion);
  }

  /** A message without wsa:MessageID. */
  public OutboundEnvelope(
      SoapVersion soapVersion,
      RmVersion rmVersion,
      String action,
      String relatesTo,
      String to,
      SequenceHeader sequence,
      List<SequenceAcknowledgement> acknowledgements,
      OutboundBody body) {
    this(
        soapVersion, rmVersion, action, relatesTo, to, sequence, acknowledgements, body, null, null,
        null);
  }

  /** This message with a WS-MC MessagePending header. */
  public OutboundEnvelope withMessagePending(boolean pending) {
    return new OutboundEnvelope(
        soapVersion, rmVersion, action, relatesTo, to, sequence, acknowledgements, body, messageId,
        pending, replyTo);
  }
}
