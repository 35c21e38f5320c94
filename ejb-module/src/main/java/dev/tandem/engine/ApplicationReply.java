package dev.tandem.engine;

/**
 * What a service answered.
 *
 * @param action the reply's wsa:Action (for a fault: {@link #FAULT_ACTION})
 * @param body the reply's SOAP Body content element, UTF-8 XML bytes
 */
public record ApplicationReply(String action, byte[] body) {
  /** WS-Addressing 1.0 action of a SOAP fault that no more specific action names. */
  public static final String FAULT_ACTION = "http://www.w3.org/2005/08/addressing/soap/fault";

  /** True when the reply is a SOAP fault. */
  public boolean isFault() {
    return FAULT_ACTION.equals(action);
  }
}
