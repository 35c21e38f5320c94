package dev.tandem.rm.protocol;

/**
 * The WS-RM protocol messages that have a WS-Addressing Action of their own. Which of them a version
 * defines, and the Action URI, is the {@link ProtocolVariation}'s: the URI is the version's namespace
 * followed by {@code /} and {@link #localName()} (WS-RM 1.1 §3, WS-RM February 2005 §3).
 */
public enum RmAction {
  /** WS-RM 1.1 §3.4, WS-RM February 2005 §3.4. */
  CREATE_SEQUENCE("CreateSequence"),
  /** WS-RM 1.1 §3.4, WS-RM February 2005 §3.4. */
  CREATE_SEQUENCE_RESPONSE("CreateSequenceResponse"),
  /** WS-RM 1.1 §3.5 only: February 2005 cannot close a Sequence without ending it. */
  CLOSE_SEQUENCE("CloseSequence"),
  /** WS-RM 1.1 §3.5 only. */
  CLOSE_SEQUENCE_RESPONSE("CloseSequenceResponse"),
  /** WS-RM 1.1 §3.6 (request-reply), WS-RM February 2005 §3.5 (one-way). */
  TERMINATE_SEQUENCE("TerminateSequence"),
  /** WS-RM 1.1 §3.6 only: the February 2005 TerminateSequence has no response. */
  TERMINATE_SEQUENCE_RESPONSE("TerminateSequenceResponse"),
  /** A message that carries only acknowledgements: WS-RM 1.1 §3.9, WS-RM February 2005 §3.2. */
  SEQUENCE_ACKNOWLEDGEMENT("SequenceAcknowledgement"),
  /** A message that carries only AckRequested: WS-RM 1.1 §3.8, WS-RM February 2005 §3.3. */
  ACK_REQUESTED("AckRequested"),
  /**
   * WS-RM February 2005 §3.1 only: the empty-bodied message whose {@code Sequence} header carries
   * {@code LastMessage}; WS-RM 1.1 replaced it with CloseSequence.
   */
  LAST_MESSAGE("LastMessage");

  private final String localName;

  RmAction(String localName) {
    this.localName = localName;
  }

  /** The last segment of the Action URI, also the local name of the body element when it has one. */
  public String localName() {
    return localName;
  }
}
