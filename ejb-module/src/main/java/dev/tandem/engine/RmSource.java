package dev.tandem.engine;

import dev.tandem.codec.OutboundBody;
import dev.tandem.codec.OutboundEnvelope;
import dev.tandem.codec.RmBodyReader;
import dev.tandem.codec.SecureXml;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.model.DestinationSequence;
import dev.tandem.rm.model.OutboundMessage;
import dev.tandem.rm.protocol.SequenceHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Tandem as RM Source of a session's offered Sequence (WS-RM 1.1 §2.4): turns a stored outbound
 * message into the envelope that goes on the wire now, with the current acknowledgement of the
 * client's Sequence piggy-backed, and decides when an unacknowledged message is sent again.
 */
public final class RmSource {
  private static final RmBodyReader BODIES = new RmBodyReader();

  private final RmSettings settings;

  public RmSource(RmSettings settings) {
    this.settings = settings;
  }

  /**
   * The envelope for one (re)transmission. Retransmissions keep the same wsa:MessageID, derived from
   * the Sequence and MessageNumber (or the store id outside a Sequence). Tandem's own CreateSequence
   * ({@link OutboundMessage.Kind#CREATE_SEQUENCE}) uses the session's Identifier as its MessageID —
   * a UUID used as a MessageID nowhere else — so the client's CreateSequenceResponse, which relates
   * to it, finds the session; its ReplyTo is the AcksTo it names (Tandem's endpoint), because the
   * response cannot travel on a MakeConnection back channel.
   *
   * @param session the client's request Sequence, for the RM version and the acknowledgement
   */
  public OutboundEnvelope envelope(OutboundMessage m, DestinationSequence session) {
    SequenceHeader sequence =
        m.isSequenced()
            ? new SequenceHeader(m.sequenceId(), m.messageNumber(), m.lastMessage())
            : null;
    OutboundBody body = m.body().length == 0 ? OutboundBody.empty() : new OutboundBody.Xml(m.body());
    String key = m.isSequenced() ? m.sequenceId() + "#" + m.messageNumber() : m.sessionId() + "@" + m.id();
    String messageId =
        "urn:uuid:" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
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
        List.of(Acknowledgements.of(session, settings.maxTransferWindow())),
        body,
        messageId,
        null,
        replyTo);
  }

  /**
   * When to try again after the {@code attempts}-th hand-over: the configured retry interval doubled
   * per attempt (exponential back-off, as WCF's RM channel), at most 60 s.
   */
  public Duration backoff(int attempts) {
    return backoff(attempts, settings.retryIntervalMillis());
  }

  /**
   * As {@link #backoff(int)} from an initial interval of {@code initialMillis} (ms) — WCF starts from
   * the measured round trip.
   */
  public Duration backoff(int attempts, long initialMillis) {
    long delay = Math.max(initialMillis, 1) << Math.min(Math.max(attempts - 1, 0), 16);
    return Duration.ofMillis(Math.min(delay, 60_000));
  }

  /**
   * WCF flow control ([RM10] B4001–B4005): a callback may go out only while its number is within
   * the client's advertised {@code netrm:BufferRemaining} past the highest number it acknowledged.
   * Protocol messages and retransmissions of numbers already in that window are never held back.
   */
  public boolean mayTransmit(OutboundMessage m, DestinationSequence session) {
    if (m.awaitsReplySequence()) {
      return false; // numbered, but the client has not yet named the Sequence it travels in
    }
    Integer buffer = session.replyBufferRemaining();
    if (buffer == null || m.kind() != OutboundMessage.Kind.APPLICATION) {
      return true;
    }
    return m.messageNumber() <= session.replyAcknowledged().highest() + Math.max(buffer, 0);
  }

  /**
   * True when a message that waits for an answer (a Sequence's message, or Tandem's CreateSequence)
   * has used its retry budget (WCF MaxRetryCount, default 8): its session is then ended, as WCF
   * faults a reliable session.
   */
  public boolean exhausted(OutboundMessage m) {
    return m.awaitsAnswer() && m.attempts() >= settings.maxRetries();
  }

  /**
   * True when a message outside any Sequence (a stand-alone SequenceAcknowledgement, a
   * CreateSequenceResponse, a TerminateSequenceResponse) has used the retry budget: it is dropped,
   * and its session lives on. Such messages are not themselves reliable; the client's retransmission
   * or its next message asks again, and an acknowledgement is superseded by the next one (WS-RM 1.1
   * §2.4, §3.2). Ending a session for one lost acknowledgement would end sessions whose every message
   * is safe (found by the soak with a lossy callback listener).
   */
  public boolean abandoned(OutboundMessage m) {
    return !m.awaitsAnswer() && m.attempts() >= settings.maxRetries();
  }
}
