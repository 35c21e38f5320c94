package dev.tandem.rm.protocol;

import static dev.tandem.rm.protocol.RmAction.ACK_REQUESTED;
import static dev.tandem.rm.protocol.RmAction.CLOSE_SEQUENCE;
import static dev.tandem.rm.protocol.RmAction.CLOSE_SEQUENCE_RESPONSE;
import static dev.tandem.rm.protocol.RmAction.CREATE_SEQUENCE;
import static dev.tandem.rm.protocol.RmAction.CREATE_SEQUENCE_RESPONSE;
import static dev.tandem.rm.protocol.RmAction.LAST_MESSAGE;
import static dev.tandem.rm.protocol.RmAction.SEQUENCE_ACKNOWLEDGEMENT;
import static dev.tandem.rm.protocol.RmAction.TERMINATE_SEQUENCE;
import static dev.tandem.rm.protocol.RmAction.TERMINATE_SEQUENCE_RESPONSE;

import dev.tandem.rm.model.RmVersion;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that differs between the two WS-ReliableMessaging versions Tandem speaks, in one
 * object per version: namespaces, which protocol messages (Actions) exist, which faults exist and
 * which one a situation maps to, and which optional elements the version's schema has. Code that
 * needs to know "is this 1.1?" asks the variation a question named after the protocol difference
 * instead, so that every version difference is listed here, once.
 *
 * <p>This holds protocol facts only (URIs, sets, fault choices); how they are written as XML stays
 * in the codec, which reads these facts. The pairing of each RM version with WS-Addressing 1.0
 * follows WCF ({@code Soap12WSAddressing10}): Apache CXF's {@code ProtocolVariation} also pairs
 * February 2005 with WS-Addressing 2004/08, a combination Tandem does not serve.
 *
 * <p>The enum is obtained from a message's {@link RmVersion} with {@link #of(RmVersion)}, once per
 * message (the codec's {@code InboundEnvelope.variation()}).
 */
public enum ProtocolVariation {
  /**
   * WS-RM February 2005 (namespace {@code http://schemas.xmlsoap.org/ws/2005/02/rm}), WCF's
   * default: no CloseSequence, a one-way TerminateSequence (§3.5), LastMessage (§3.1), faults of §4
   * including LastMessageNumberExceeded but neither SequenceClosed nor WSRMRequired.
   */
  WSRM_2005_02(
      RmVersion.WSRM_2005_02,
      EnumSet.of(
          CREATE_SEQUENCE,
          CREATE_SEQUENCE_RESPONSE,
          TERMINATE_SEQUENCE,
          SEQUENCE_ACKNOWLEDGEMENT,
          ACK_REQUESTED,
          LAST_MESSAGE),
      EnumSet.of(
          RmFault.SEQUENCE_TERMINATED,
          RmFault.UNKNOWN_SEQUENCE,
          RmFault.INVALID_ACKNOWLEDGEMENT,
          RmFault.MESSAGE_NUMBER_ROLLOVER,
          RmFault.LAST_MESSAGE_NUMBER_EXCEEDED,
          RmFault.CREATE_SEQUENCE_REFUSED),
      EnumSet.noneOf(SchemaAddition.class),
      // §4 names no fault Action of its own: the default fault Action of the WS-Addressing version
      // in use, WS-Addressing 1.0's as WCF sends it.
      Addressing.NS + "/fault"),

  /**
   * OASIS WS-RM 1.1 / 1.2 (namespace {@code http://docs.oasis-open.org/ws-rx/wsrm/200702}):
   * CloseSequence (§3.5), a request-reply TerminateSequence (§3.6), acknowledgements with None and
   * Final (§3.9), IncompleteSequenceBehavior (§3.4), faults of §4 including SequenceClosed and
   * WSRMRequired, all with the RM fault Action of §4.
   */
  WSRM_1_1(
      RmVersion.WSRM_1_1,
      EnumSet.of(
          CREATE_SEQUENCE,
          CREATE_SEQUENCE_RESPONSE,
          CLOSE_SEQUENCE,
          CLOSE_SEQUENCE_RESPONSE,
          TERMINATE_SEQUENCE,
          TERMINATE_SEQUENCE_RESPONSE,
          SEQUENCE_ACKNOWLEDGEMENT,
          ACK_REQUESTED),
      EnumSet.of(
          RmFault.SEQUENCE_TERMINATED,
          RmFault.UNKNOWN_SEQUENCE,
          RmFault.INVALID_ACKNOWLEDGEMENT,
          RmFault.MESSAGE_NUMBER_ROLLOVER,
          RmFault.CREATE_SEQUENCE_REFUSED,
          RmFault.SEQUENCE_CLOSED,
          RmFault.WSRM_REQUIRED),
      EnumSet.allOf(SchemaAddition.class),
      RmVersion.WSRM_1_1.namespace() + "/fault");

  /** Elements WS-RM 1.1 added to the schema of February 2005. */
  private enum SchemaAddition {
    /** §3.9: {@code SequenceAcknowledgement/None}. */
    ACKNOWLEDGEMENT_NONE,
    /** §3.9: {@code SequenceAcknowledgement/Final}. */
    ACKNOWLEDGEMENT_FINAL,
    /** §3.4: {@code CreateSequenceResponse/IncompleteSequenceBehavior} (and in {@code Offer}). */
    INCOMPLETE_SEQUENCE_BEHAVIOR
  }

  private final RmVersion version;
  private final Set<RmAction> actions;
  private final Set<RmFault> faults;
  private final Set<SchemaAddition> additions;
  private final String faultAction;

  ProtocolVariation(
      RmVersion version,
      Set<RmAction> actions,
      Set<RmFault> faults,
      Set<SchemaAddition> additions,
      String faultAction) {
    this.version = version;
    this.actions = actions;
    this.faults = faults;
    this.additions = additions;
    this.faultAction = faultAction;
  }

  /** The variation of {@code version}; null for null (a message without RM headers or body). */
  public static ProtocolVariation of(RmVersion version) {
    if (version == null) {
      return null;
    }
    return switch (version) {
      case WSRM_2005_02 -> WSRM_2005_02;
      case WSRM_1_1 -> WSRM_1_1;
    };
  }

  /** The version enum the model and the store keep. */
  public RmVersion version() {
    return version;
  }

  /** The XML namespace of the version's elements and the prefix of its Actions. */
  public String namespace() {
    return version.namespace();
  }

  /**
   * The WS-Addressing namespace of the messages of this variation: WS-Addressing 1.0 for both, as
   * WCF pairs them.
   */
  public String addressingNamespace() {
    return Addressing.NS;
  }

  // ---- protocol messages ----

  /** True when the version defines the protocol message {@code action}. */
  public boolean defines(RmAction action) {
    return actions.contains(action);
  }

  /**
   * The Action URI of {@code action} in this version.
   *
   * @throws IllegalArgumentException when the version has no such message (e.g. CloseSequence in
   *     February 2005): sending it would be a bug
   */
  public String action(RmAction action) {
    if (!defines(action)) {
      throw new IllegalArgumentException(this + " has no " + action.localName());
    }
    return version.action(action.localName());
  }

  /** True when {@code uri} is this version's Action of {@code action} (false if it has none). */
  public boolean isAction(String uri, RmAction action) {
    return defines(action) && version.action(action.localName()).equals(uri);
  }

  /** True when {@code uri} is an Action in this version's namespace, defined here or not. */
  public boolean ownsAction(String uri) {
    return uri != null && uri.startsWith(namespace() + "/");
  }

  /** WS-RM 1.1 §3.5: a Sequence can be closed (CloseSequence) before it is terminated. */
  public boolean hasCloseSequence() {
    return defines(CLOSE_SEQUENCE);
  }

  /**
   * TerminateSequence is request-reply: WS-RM 1.1 §3.6 answers it with TerminateSequenceResponse, so
   * it needs a wsa:MessageID for the answer's RelatesTo; the February 2005 TerminateSequence (§3.5)
   * is one-way and may come without one.
   */
  public boolean hasTerminateSequenceResponse() {
    return defines(TERMINATE_SEQUENCE_RESPONSE);
  }

  /** WS-RM February 2005 §3.1: the Sequence header's {@code LastMessage} and its empty message. */
  public boolean hasLastMessage() {
    return defines(LAST_MESSAGE);
  }

  /**
   * True when a message is the February 2005 LastMessage (§3.1): an empty Body, and the Sequence
   * header's {@code LastMessage} marker or the LastMessage Action. Never in WS-RM 1.1, which closes
   * with CloseSequence instead.
   *
   * @param sequence the message's Sequence header, or null
   * @param action its wsa:Action, or null
   * @param emptyBody whether its SOAP Body is empty
   */
  public boolean isLastMessage(SequenceHeader sequence, String action, boolean emptyBody) {
    return hasLastMessage()
        && sequence != null
        && (sequence.lastMessage() || isAction(action, LAST_MESSAGE))
        && emptyBody;
  }

  // ---- faults ----

  /** True when {@code fault} is one of the faults this version's §4 defines. */
  public boolean definesFault(RmFault fault) {
    return faults.contains(fault);
  }

  /**
   * The fault for a MessageNumber beyond the Sequence's last one: LastMessageNumberExceeded in
   * February 2005 (§4, beyond the LastMessage's number); WS-RM 1.1 has no such fault and answers a
   * message beyond the LastMsgNumber of CloseSequence with SequenceClosed (§3.5).
   */
  public RmFault beyondLastMessageFault() {
    return definesFault(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED)
        ? RmFault.LAST_MESSAGE_NUMBER_EXCEEDED
        : RmFault.SEQUENCE_CLOSED;
  }

  /**
   * The wsa:Action of this version's RM faults: WS-RM 1.1 §4 defines its own; February 2005 uses
   * the default fault Action of WS-Addressing.
   */
  public String faultAction() {
    return faultAction;
  }

  // ---- acknowledgements and CreateSequenceResponse ----

  /**
   * WS-RM 1.1 §3.9: {@code SequenceAcknowledgement/None} says "nothing received yet". February 2005
   * (§3.2) requires at least one AcknowledgementRange; WCF writes Lower=0 Upper=0 there instead.
   */
  public boolean hasAcknowledgementNone() {
    return additions.contains(SchemaAddition.ACKNOWLEDGEMENT_NONE);
  }

  /** WS-RM 1.1 §3.9: {@code SequenceAcknowledgement/Final}; February 2005 has no such element. */
  public boolean hasAcknowledgementFinal() {
    return additions.contains(SchemaAddition.ACKNOWLEDGEMENT_FINAL);
  }

  /** WS-RM 1.1 §3.4: {@code IncompleteSequenceBehavior}; February 2005 has no such element. */
  public boolean hasIncompleteSequenceBehavior() {
    return additions.contains(SchemaAddition.INCOMPLETE_SEQUENCE_BEHAVIOR);
  }
}
