package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.RmAction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An RM protocol message that arrives with its Action but without its RM header and without a body,
 * as Apache CXF 4.1 sends them when {@code RMFeature} is configured on a {@code
 * JaxWsProxyFactoryBean} (the way CXF's documentation does it): its February 2005 close is a
 * {@code LastMessage}-Action message without {@code wsrm:Sequence}, and its standalone
 * acknowledgements carry the {@code SequenceAcknowledgement} Action without the header (in both
 * versions). CXF's own RM Destination answers them 202.
 *
 * <p>Such a message carries nothing Tandem could store, execute or acknowledge — no Identifier, no
 * MessageNumber, no ranges, no body — so accepting it loses nothing, while a fault makes the CXF
 * client log SEVERE for every acknowledgement and fail its {@code close()}. A message with an
 * application body is never one of these: it still gets WSRMRequired (WS-RM 1.1 §4.9).
 */
final class HeaderlessProtocolMessage {
  private static final Logger LOG = Logger.getLogger(HeaderlessProtocolMessage.class.getName());

  /** Clients already logged about; bounded, so a client with a new address per message costs no memory. */
  private static final int LOGGED_CLIENTS = 256;

  private static final Set<String> LOGGED =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<String, Boolean>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > LOGGED_CLIENTS;
                }
              }));

  private HeaderlessProtocolMessage() {}

  /**
   * True when {@code in} has no RM header, no body, and the Action of an RM message that consists of
   * headers only: {@code SequenceAcknowledgement} or {@code AckRequested} (both versions), or the
   * February 2005 {@code LastMessage} (WS-RM February 2005 §3.2: its body is empty).
   */
  static boolean accepts(InboundEnvelope in) {
    return in.rmVersion() == null && in.body() == null && isHeadersOnlyAction(in.action());
  }

  /**
   * True for the Action of an RM message that consists of headers only: {@code
   * SequenceAcknowledgement} or {@code AckRequested} (both versions), February 2005 {@code
   * LastMessage}.
   */
  static boolean isHeadersOnlyAction(String action) {
    for (ProtocolVariation p : ProtocolVariation.values()) {
      if (p.isAction(action, RmAction.SEQUENCE_ACKNOWLEDGEMENT)
          || p.isAction(action, RmAction.ACK_REQUESTED)
          || p.isAction(action, RmAction.LAST_MESSAGE)) { // February 2005 only
        return true;
      }
    }
    return false;
  }

  /**
   * Logs TANDEM-RM-0020 at FINE, once per client: its ReplyTo address (or wsa:To when it has none)
   * and the Action, among the last {@value #LOGGED_CLIENTS} such clients.
   */
  static void logOnce(InboundEnvelope in) {
    if (!LOG.isLoggable(Level.FINE)) {
      return;
    }
    String replyTo = in.addressing().replyTo();
    String client = replyTo != null ? replyTo : "to " + in.addressing().to();
    if (LOGGED.add(in.action() + " " + client)) {
      LOG.fine(
          "TANDEM-RM-0020 "
              + in.action()
              + " without the RM header it names and without a body (Apache CXF's RMFeature on a proxy"
              + " factory sends these) from "
              + client
              + ": answered 202, nothing to store; logged once per client");
    }
  }
}
