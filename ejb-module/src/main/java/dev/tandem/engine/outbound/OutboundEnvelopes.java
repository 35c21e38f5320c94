package dev.tandem.engine.outbound;

import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.codec.RmBodyReader;
import dev.tandem.codec.SecureXml;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.protocol.SequenceHeader;
import dev.tandem.rm.session.ReliableSession;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Turns a queued message into the envelope that goes on the wire now, with the current
 * acknowledgement of the client's Sequence piggy-backed (WS-RM 1.1 §3.9: an RM Destination may add a
 * SequenceAcknowledgement to any message it sends).
 */
public final class OutboundEnvelopes {
  private static final RmBodyReader BODIES = new RmBodyReader();

  private final int transferWindow;

  /** @param transferWindow the base of the piggy-backed BufferRemaining (messages) */
  public OutboundEnvelopes(int transferWindow) {
    this.transferWindow = transferWindow;
  }

  /**
   * The envelope for one (re)transmission. Retransmissions keep the same wsa:MessageID, derived from
   * the Sequence and MessageNumber (or the store id outside a Sequence). Tandem's own CreateSequence
   * ({@link OutboundMessage.Kind#CREATE_SEQUENCE}) uses the session's id as its MessageID — a UUID
   * used as a MessageID nowhere else — so the client's CreateSequenceResponse, which relates to it,
   * finds the session; its ReplyTo is the AcksTo it names (Tandem's endpoint), because the response
   * cannot travel on a MakeConnection back channel.
   */
  public OutboundEnvelope envelope(OutboundMessage m, ReliableSession session) {
    SequenceHeader sequence =
        m.isSequenced()
            ? new SequenceHeader(m.sequenceId(), m.messageNumber(), m.lastMessage())
            : null;
    OutboundBody body = m.body().length == 0 ? OutboundBody.empty() : new OutboundBody.Xml(m.body());
    String key =
        m.isSequenced() ? m.sequenceId() + "#" + m.messageNumber() : m.sessionId() + "@" + m.id();
    String messageId = "urn:uuid:" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    String replyTo = null;
    if (m.kind() == OutboundMessage.Kind.CREATE_SEQUENCE) {
      messageId = m.sessionId();
      replyTo =
          BODIES
              .createSequence(SecureXml.parse(m.body()).getDocumentElement(), session.version())
              .acksTo();
    }
    return new OutboundEnvelope(
        SoapVersion.SOAP_12,
        session.version(),
        m.action(),
        m.relatesTo(),
        m.to(),
        sequence,
        List.of(session.inbound().acknowledgement(transferWindow)),
        body,
        messageId,
        null,
        replyTo);
  }
}
