package dev.tandem.rm.protocol;

import dev.tandem.rm.model.RmVersion;

/**
 * Thrown by the engine when a message must be answered with one of the {@link RmFault}s. Carries
 * what the fault's detail needs; the codec turns it into the SOAP fault.
 */
public class RmFaultException extends RuntimeException {
  private final RmFault fault;
  private final RmVersion version;
  private final String detailValue;
  private final String explanation;

  /**
   * @param fault which fault
   * @param version RM version whose namespace the subcode uses
   * @param detailValue what the detail names: the Sequence Identifier, or the Action for
   *     ActionNotSupported; null for none
   */
  public RmFaultException(RmFault fault, RmVersion version, String detailValue) {
    this(fault, version, detailValue, null);
  }

  /**
   * @param explanation a sentence appended to the fault's reason, saying which value of the message
   *     was refused and why (e.g. the callback address of a CreateSequenceRefused); null for none
   */
  public RmFaultException(
      RmFault fault, RmVersion version, String detailValue, String explanation) {
    super(
        fault.subcode()
            + (detailValue == null ? "" : " " + detailValue)
            + (explanation == null ? "" : ": " + explanation));
    this.fault = fault;
    // A fault to a message without an RM version (WSRMRequired, WS-Addressing and SOAP faults) is
    // written in WS-RM 1.1's vocabulary: WSRMRequired exists only there (WS-RM 1.1 §4).
    this.version = version == null ? RmVersion.WSRM_1_1 : version;
    this.detailValue = detailValue;
    this.explanation = explanation;
  }

  /** A fault without detail, e.g. WSRMRequired or MalformedMessage. */
  public RmFaultException(RmFault fault) {
    this(fault, null, null);
  }

  public RmFault fault() {
    return fault;
  }

  public RmVersion version() {
    return version;
  }

  /** The protocol variation of {@link #version()}: its namespace and fault Action. */
  public ProtocolVariation variation() {
    return ProtocolVariation.of(version);
  }

  /** The sentence appended to the reason, or null. */
  public String explanation() {
    return explanation;
  }

  /** The fault's reason text: the enum's, followed by the explanation when there is one. */
  public String reason() {
    return explanation == null ? fault.reason() : fault.reason() + " " + explanation;
  }

  /** The detail's value (Identifier or Action), or null. */
  public String detailValue() {
    return detailValue;
  }
}
