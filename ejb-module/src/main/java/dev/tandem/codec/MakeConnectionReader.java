package dev.tandem.codec;

import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Decodes a WS-MakeConnection 1.1 {@code mc:MakeConnection} body (WS-MC 1.1 §3.1) and checks the
 * MC anonymous address Tandem accepts: {@value #ANONYMOUS_PREFIX} followed by a UUID.
 */
public final class MakeConnectionReader {
  /** The WS-MakeConnection 1.1 namespace. */
  public static final String NS = "http://docs.oasis-open.org/ws-rx/wsmc/200702";

  /** The MakeConnection action. */
  public static final String ACTION = NS + "/MakeConnection";

  /** Prefix of an MC anonymous URI; a UUID follows (the RSP client's {@code Guid.NewGuid()}). */
  public static final String ANONYMOUS_PREFIX = NS + "/anonymous?id=";

  /**
   * The Address the poll selects.
   *
   * @throws RmFaultException MissingSelection without Address; UnsupportedSelection for an
   *     Identifier, any other child, or an address that is not an MC anonymous URI with a UUID
   */
  public String address(Element makeConnection) {
    String address = null;
    for (Element c : Dom.children(makeConnection)) {
      if (NS.equals(c.getNamespaceURI()) && "Address".equals(c.getLocalName())) {
        address = Dom.text(c);
      } else {
        String qname = (c.getPrefix() == null ? "" : c.getPrefix() + ":") + c.getLocalName();
        throw new RmFaultException(RmFault.UNSUPPORTED_SELECTION, null, qname);
      }
    }
    if (address == null || address.isEmpty()) {
      throw new RmFaultException(RmFault.MISSING_SELECTION);
    }
    if (!isAnonymous(address)) {
      throw new RmFaultException(RmFault.UNSUPPORTED_SELECTION, null, "mc:Address");
    }
    return address;
  }

  /**
   * True when {@code address} is an MC anonymous URI whose id is a UUID. The id is a capability: only
   * a random UUID is accepted, so one client cannot guess another's.
   */
  public static boolean isAnonymous(String address) {
    if (address == null || !address.startsWith(ANONYMOUS_PREFIX)) {
      return false;
    }
    String id = address.substring(ANONYMOUS_PREFIX.length());
    try {
      return UUID.fromString(id).toString().equalsIgnoreCase(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
