package dev.tandem.engine;

import dev.tandem.codec.InboundEnvelope;
import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import javax.xml.namespace.QName;

/**
 * The checks an application request passes before anything of it is stored or executed: the Action
 * names an operation, a request that expects a reply can be answered, and the body is the request of
 * that operation. A message that fails one is refused, so the client gets a fault instead of a wrong
 * result or none.
 */
final class ApplicationRequest {
  private ApplicationRequest() {}

  /**
   * Checks {@code in} as a request to the service at {@code endpoint}.
   *
   * @param v the RM version of the message's Sequence, or null outside a Sequence (the subcode
   *     namespaces do not depend on it)
   * @throws RmFaultException ActionNotSupported (WS-Addressing 1.0 SOAP Binding §6.4.1) for an
   *     Action the service does not have; MessageAddressingHeaderRequired naming {@code
   *     wsa:MessageID} (WS-Addressing 1.0 Core §3.4, SOAP Binding §6.4.4) for a request-reply
   *     operation without one, whose reply could not name its request; DeserializationFailed (WCF's
   *     dispatcher fault) for a body that is not the operation's request element
   */
  static void check(ApplicationInvoker application, String endpoint, InboundEnvelope in, RmVersion v) {
    String action = in.action();
    if (!application.supports(endpoint, action)) {
      throw new RmFaultException(RmFault.ACTION_NOT_SUPPORTED, v, action);
    }
    if (in.addressing().messageId() == null && application.expectsReply(endpoint, action)) {
      // WS-A 1.0 Core §3.4: "MessageID ... MUST be present if the message expects a reply"; without
      // it the reply would carry no RelatesTo and the client could not match it. One-way
      // operations (the duplex calculator's) need none.
      throw new RmFaultException(
          RmFault.MESSAGE_ADDRESSING_HEADER_REQUIRED, v, "{" + Addressing.NS + "}MessageID");
    }
    QName expected = application.requestElement(endpoint, action);
    if (expected != null && !in.bodyIs(expected.getNamespaceURI(), expected.getLocalPart())) {
      // WCF dispatches by Action and then reads the body as that operation's wrapper; another
      // operation's element (or none) is a request it cannot deserialize. Metro would dispatch by
      // the body instead and run the other operation under this Action.
      throw new RmFaultException(RmFault.DESERIALIZATION_FAILED, v, null);
    }
  }
}
