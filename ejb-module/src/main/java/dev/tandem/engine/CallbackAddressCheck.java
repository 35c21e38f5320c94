package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.CallbackAddress;
import dev.tandem.rm.protocol.CreateSequence;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.util.logging.Logger;

/**
 * Checks the addresses a client gives for messages back to it where they enter the engine, before
 * anything is stored: a value the sender could not POST to, or may not (the {@link CallbackPolicy}),
 * is refused with a fault naming the header, so that no session ever holds it (issue #14).
 */
final class CallbackAddressCheck {
  private static final Logger LOG = Logger.getLogger(CallbackAddressCheck.class.getName());

  /** Longest stretch of a refused address echoed in a fault reason or log line (characters). */
  private static final int ECHO_LIMIT = 200;

  private final CallbackPolicy policy;

  CallbackAddressCheck(CallbackPolicy policy) {
    this.policy = policy;
  }

  /**
   * A message other than CreateSequence: its {@code wsa:ReplyTo} and {@code wsa:FaultTo}, when
   * present, must be anonymous, None, an MC anonymous URI or an absolute http(s) URI. The policy is
   * not applied: Tandem answers such messages on the HTTP response (or a poll) and never POSTs to
   * these addresses; the session's callbacks go to the AcksTo its CreateSequence named.
   *
   * @throws RmFaultException {@link RmFault#INVALID_ADDRESS} (WS-A 1.0 SOAP Binding §6.4.1), the
   *     detail naming the header
   */
  static void message(InboundEnvelope in) {
    requireSyntax(in.addressing().replyTo(), "ReplyTo", in.rmVersion());
    requireSyntax(in.addressing().faultTo(), "FaultTo", in.rmVersion());
  }

  private static void requireSyntax(String address, String header, RmVersion v) {
    if (address == null) {
      return; // absent: replies and faults take the back channel (WS-A 1.0 Core §3.1)
    }
    CallbackAddress a = CallbackAddress.of(address);
    if (a.kind() == CallbackAddress.Kind.INVALID) {
      throw new RmFaultException(
          RmFault.INVALID_ADDRESS,
          v,
          "{" + Addressing.NS + "}" + header,
          "wsa:" + header + " " + echo(address) + ": " + a.problem() + ".");
    }
  }

  /**
   * A CreateSequence (WS-RM 1.1 §3.4): its {@code wsrm:AcksTo}, {@code wsrm:Offer/wsrm:Endpoint},
   * {@code wsa:ReplyTo} and {@code wsa:FaultTo} must each be anonymous, an MC anonymous URI or an
   * absolute http(s) URI the policy lets Tandem POST to. None is refused for AcksTo and the Offer
   * Endpoint, where acknowledgements and callbacks must go somewhere; it is left to ReplyTo and
   * FaultTo (WS-A 1.0 Core §3.1), which Tandem does not POST to: the CreateSequenceResponse travels
   * on the HTTP response or, for a duplex session, to AcksTo.
   *
   * @throws RmFaultException CreateSequenceRefused, the reason naming the header, the address and
   *     why; nothing is stored
   */
  void createSequence(InboundEnvelope in, CreateSequence cs) {
    RmVersion v = in.rmVersion();
    check(cs.acksTo(), "wsrm:AcksTo", false, v);
    if (cs.offer() != null && cs.offer().endpoint() != null) {
      check(cs.offer().endpoint(), "wsrm:Offer/wsrm:Endpoint", false, v);
    }
    if (in.addressing().replyTo() != null) {
      check(in.addressing().replyTo(), "wsa:ReplyTo", true, v);
    }
    if (in.addressing().faultTo() != null) {
      check(in.addressing().faultTo(), "wsa:FaultTo", true, v);
    }
  }

  private void check(String address, String header, boolean noneAllowed, RmVersion v) {
    CallbackAddress a = CallbackAddress.of(address);
    String problem =
        switch (a.kind()) {
          case INVALID -> a.problem();
          case NONE -> noneAllowed ? null : "no message could ever reach it";
          case ADDRESSABLE -> policy.refusal(a).orElse(null);
          case ANONYMOUS, MAKE_CONNECTION -> null;
        };
    if (problem == null) {
      return;
    }
    String explanation = header + " " + echo(address) + " is refused: " + problem + ".";
    if (a.isAddressable()) {
      // A policy refusal is worth an operator's eye (a client on a network the policy forgot, or a
      // probe); a syntax error is the client's own business.
      LOG.info(() -> "TANDEM-RM-0013 CreateSequence refused: " + explanation);
    } else {
      LOG.fine(() -> "TANDEM-RM-0013 CreateSequence refused: " + explanation);
    }
    throw new RmFaultException(RmFault.CREATE_SEQUENCE_REFUSED, v, null, explanation);
  }

  private static String echo(String address) {
    String a = address.strip();
    return "'" + (a.length() > ECHO_LIMIT ? a.substring(0, ECHO_LIMIT) + "…" : a) + "'";
  }
}
