package dev.tandem.rm.protocol;

/**
 * Every fault Tandem itself sends (application faults come from the services), with the spec's subcode, SOAP code and reason. This enum is the
 * one place where a fault's identity is decided (WS-RM 1.1 §4, WS-RM February 2005 §4, WS-Addressing
 * 1.0 SOAP Binding §6, reasons as WCF words them where known).
 */
public enum RmFault {
  UNKNOWN_SEQUENCE(
      "UnknownSequence",
      Code.SENDER,
      "The value of wsrm:Identifier is not a known Sequence identifier.",
      Detail.IDENTIFIER),
  SEQUENCE_TERMINATED(
      "SequenceTerminated",
      Code.SENDER,
      "The Sequence has been terminated due to an unrecoverable error.",
      Detail.IDENTIFIER),
  SEQUENCE_CLOSED(
      "SequenceClosed",
      Code.SENDER,
      "The Sequence is closed and cannot accept new messages.",
      Detail.IDENTIFIER),
  LAST_MESSAGE_NUMBER_EXCEEDED(
      "LastMessageNumberExceeded",
      Code.SENDER,
      "The value for wsrm:MessageNumber exceeds the value of the MessageNumber accompanying a"
          + " LastMessage element in this Sequence.",
      Detail.IDENTIFIER),
  MESSAGE_NUMBER_ROLLOVER(
      "MessageNumberRollover",
      Code.SENDER,
      "The maximum value for wsrm:MessageNumber has been exceeded.",
      Detail.IDENTIFIER),
  INVALID_ACKNOWLEDGEMENT(
      "InvalidAcknowledgement",
      Code.SENDER,
      "The SequenceAcknowledgement violates the cumulative acknowledgement invariant.",
      Detail.ACKNOWLEDGEMENT),
  CREATE_SEQUENCE_REFUSED(
      "CreateSequenceRefused", Code.SENDER, "The Create Sequence request has been refused by the RM"
          + " Destination.", Detail.NONE),
  WSRM_REQUIRED(
      "WSRMRequired", Code.SENDER, "The RM Destination requires the use of WSRM.", Detail.NONE),
  /** WS-Addressing 1.0 SOAP Binding §6.4.1: unknown wsa:Action. */
  ACTION_NOT_SUPPORTED(
      "ActionNotSupported",
      Code.SENDER,
      "The message's Action is not supported by this endpoint.",
      Detail.ACTION,
      Vocabulary.ADDRESSING),
  /**
   * WS-Addressing 1.0 SOAP Binding §6.4.1: an addressing header's value cannot be processed — e.g.
   * a CreateSequenceResponse whose wsa:RelatesTo names no CreateSequence Tandem sent.
   */
  INVALID_ADDRESSING_HEADER(
      "InvalidAddressingHeader",
      Code.SENDER,
      "A header representing a Message Addressing Property is not valid and the message cannot be"
          + " processed.",
      Detail.NONE,
      Vocabulary.ADDRESSING),
  /**
   * WS-Addressing 1.0 SOAP Binding §6.4.4: a required addressing header is missing; the detail names
   * it ({@code wsa:ProblemHeaderQName}) when known.
   */
  MESSAGE_ADDRESSING_HEADER_REQUIRED(
      "MessageAddressingHeaderRequired",
      Code.SENDER,
      "A required message addressing header is missing.",
      Detail.PROBLEM_HEADER,
      Vocabulary.ADDRESSING),
  /**
   * WS-Addressing 1.0 SOAP Binding §6.4.1: an addressing header appears more than once (Subsubcode
   * {@code wsa:InvalidCardinality}); the detail names it ({@code wsa:ProblemHeaderQName}).
   */
  INVALID_CARDINALITY(
      "InvalidAddressingHeader",
      "InvalidCardinality",
      Code.SENDER,
      "A header representing a Message Addressing Property is not valid: it appears more than once.",
      Detail.PROBLEM_HEADER,
      Vocabulary.ADDRESSING),
  /**
   * WS-Addressing 1.0 SOAP Binding §6.4.1 (Subsubcode {@code wsa:InvalidAddress}): a {@code
   * wsa:ReplyTo} or {@code wsa:FaultTo} whose Address is neither anonymous, None, an MC anonymous URI
   * nor an absolute http(s) URI ({@link CallbackAddress}); the detail names the header ({@code
   * wsa:ProblemHeaderQName}), the reason says what is wrong with the address.
   */
  INVALID_ADDRESS(
      "InvalidAddressingHeader",
      "InvalidAddress",
      Code.SENDER,
      "A header representing a Message Addressing Property is not valid: its address is not one this"
          + " endpoint can send to.",
      Detail.PROBLEM_HEADER,
      Vocabulary.ADDRESSING),
  /**
   * WCF's dispatcher fault for a request body its formatter cannot read as the operation's request
   * (Sender, subcode {@code DeserializationFailed} in WCF's dispatcher namespace, {@code
   * NetDispatcherFaultException}): here, a body that is not the request element of the operation the
   * Action names. Nothing of the message is stored or executed.
   */
  DESERIALIZATION_FAILED(
      "DeserializationFailed",
      Code.SENDER,
      "The formatter threw an exception while trying to deserialize the message: the body is not"
          + " the request element of the operation that wsa:Action names.",
      Detail.NONE,
      Vocabulary.DISPATCHER),
  /**
   * SOAP 1.2 Part 1 §5.4.7 (SOAP 1.1 §4.4.1): the root element is not the Envelope of the SOAP version
   * the HTTP binding announced (Content-Type {@code application/soap+xml} = 1.2, {@code text/xml} =
   * 1.1). The fault carries the {@code Upgrade} header listing the supported envelopes.
   */
  VERSION_MISMATCH(
      "VersionMismatch",
      Code.VERSION_MISMATCH,
      "The message's envelope is not a SOAP envelope of the version this HTTP binding carries.",
      Detail.UPGRADE,
      Vocabulary.NONE),
  /**
   * SOAP 1.2 Part 1 §5.4.8 (SOAP 1.1 §4.4.1): a header block targeted at Tandem with {@code
   * mustUnderstand} true that Tandem does not process; it is named in a {@code NotUnderstood} header.
   */
  MUST_UNDERSTAND(
      "MustUnderstand",
      Code.MUST_UNDERSTAND,
      "One or more mandatory SOAP header blocks were not understood.",
      Detail.NOT_UNDERSTOOD,
      Vocabulary.NONE),
  /** Not well-formed XML, a DTD, or not a SOAP envelope (SOAP 1.2 Part 1 §5.4.6: Sender). */
  MALFORMED_MESSAGE(
      "MalformedMessage",
      Code.SENDER,
      "The message is not a well-formed SOAP envelope without DTD.",
      Detail.NONE,
      Vocabulary.NONE),
  /**
   * The HTTP body did not arrive within {@code tandem.limits.body-read-timeout} (a client that stalls
   * or drips its body). Sent with HTTP 408 and {@code Connection: close}.
   */
  BODY_TIMEOUT(
      "RequestTimeout",
      Code.SENDER,
      "The request body did not arrive in time.",
      Detail.NONE,
      Vocabulary.NONE),
  /** The HTTP body is larger than {@code tandem.limits.max-message-bytes}. */
  MESSAGE_TOO_LARGE(
      "MessageTooLarge",
      Code.SENDER,
      "The message exceeds the maximum size this endpoint accepts.",
      Detail.NONE,
      Vocabulary.NONE),
  /**
   * A message over plain HTTP to an HTTPS-only endpoint ({@code service.svc/secure}, WCF's
   * reliableSession + httpsTransport). Sent with HTTP 403.
   */
  HTTPS_REQUIRED(
      "HttpsRequired",
      Code.SENDER,
      "This endpoint requires HTTPS.",
      Detail.NONE,
      Vocabulary.NONE),
  /** WS-MakeConnection 1.1 §3.2: a MakeConnection without Address (RSP uses Code Receiver). */
  MISSING_SELECTION(
      "MissingSelection",
      Code.RECEIVER,
      "The MakeConnection element did not contain any selection criteria.",
      Detail.NONE,
      Vocabulary.MAKE_CONNECTION),
  /**
   * WS-MakeConnection 1.1 §3.1: a selection Tandem does not support (an Identifier, an unknown
   * child, or an address that is not an MC anonymous URI with a UUID).
   */
  UNSUPPORTED_SELECTION(
      "UnsupportedSelection",
      Code.RECEIVER,
      "The extension element used in the message selection is not supported by the MakeConnection"
          + " receiver.",
      Detail.UNSUPPORTED_ELEMENT,
      Vocabulary.MAKE_CONNECTION),
  /**
   * A duplex session already has {@code tandem.rm.max-queued-per-session} callbacks waiting for its
   * client (an MC id that never polls, a client that never acknowledges): the message is refused and
   * not acknowledged, so its client retries it later.
   */
  CALLBACK_QUEUE_FULL(
      "CallbackQueueFull",
      Code.RECEIVER,
      "Too many messages are waiting for this session's client; retry later.",
      Detail.NONE,
      Vocabulary.NONE),
  /**
   * The message store (database) cannot be reached: the message was rolled back, is not
   * acknowledged, and a retry succeeds once the store is back (issue 7, database outage).
   */
  STORE_UNAVAILABLE(
      "StoreUnavailable",
      Code.RECEIVER,
      "The service's message store is unavailable; nothing of the message was kept. Retry later.",
      Detail.NONE,
      Vocabulary.NONE),
  /** An unexpected failure inside Tandem; nothing of the message was committed. */
  INTERNAL_ERROR(
      "InternalError",
      Code.RECEIVER,
      "The service could not process the message; nothing of it was kept. Retry later.",
      Detail.NONE,
      Vocabulary.NONE);

  /** SOAP fault code class (SOAP 1.2 Sender/Receiver = SOAP 1.1 Client/Server). */
  public enum Code {
    SENDER,
    RECEIVER,
    /** SOAP 1.2 {@code env:VersionMismatch} / SOAP 1.1 {@code VersionMismatch}. */
    VERSION_MISMATCH,
    /** SOAP 1.2 {@code env:MustUnderstand} / SOAP 1.1 {@code MustUnderstand}. */
    MUST_UNDERSTAND
  }

  /** What {@code s:Detail} carries. */
  public enum Detail {
    NONE,
    IDENTIFIER,
    ACKNOWLEDGEMENT,
    ACTION,
    /** WS-MC: {@code mc:UnsupportedSelection} holding the QName of the element. */
    UNSUPPORTED_ELEMENT,
    /** WS-A: {@code wsa:ProblemHeaderQName}, the detail value being the header's QName {@code {ns}local}. */
    PROBLEM_HEADER,
    /** SOAP 1.2 {@code NotUnderstood} header for the QName {@code {ns}local} in the detail value. */
    NOT_UNDERSTOOD,
    /** SOAP 1.2 {@code Upgrade} header listing the supported envelope versions. */
    UPGRADE
  }

  /** Whose namespace the subcode is in; NONE means the fault carries no subcode. */
  public enum Vocabulary {
    RM,
    ADDRESSING,
    /** WS-MakeConnection 1.1, namespace {@code http://docs.oasis-open.org/ws-rx/wsmc/200702}. */
    MAKE_CONNECTION,
    /**
     * WCF's dispatcher, namespace {@value RmFault#DISPATCHER_NS}; the fault action is that namespace
     * followed by {@code /fault}.
     */
    DISPATCHER,
    NONE
  }

  /** The namespace of WCF's dispatcher faults ({@code FaultCodeConstants.Namespaces.NetDispatch}). */
  public static final String DISPATCHER_NS =
      "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher";

  private final String subcode;
  private final String subsubcode;
  private final Code code;
  private final String reason;
  private final Detail detail;
  private final Vocabulary vocabulary;

  RmFault(String subcode, Code code, String reason, Detail detail) {
    this(subcode, code, reason, detail, Vocabulary.RM);
  }

  RmFault(String subcode, Code code, String reason, Detail detail, Vocabulary vocabulary) {
    this(subcode, null, code, reason, detail, vocabulary);
  }

  RmFault(
      String subcode,
      String subsubcode,
      Code code,
      String reason,
      Detail detail,
      Vocabulary vocabulary) {
    this.subcode = subcode;
    this.subsubcode = subsubcode;
    this.code = code;
    this.reason = reason;
    this.detail = detail;
    this.vocabulary = vocabulary;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Local name of the subcode QName, in the RM namespace of the Sequence. */
  public String subcode() {
    return subcode;
  }

  /** Local name of the second-level subcode in the same namespace, or null (WS-A §6.4.1). */
  public String subsubcode() {
    return subsubcode;
  }

  public Code code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public Detail detail() {
    return detail;
  }
}
