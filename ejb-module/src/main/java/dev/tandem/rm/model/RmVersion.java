package dev.tandem.rm.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The WS-ReliableMessaging versions an endpoint speaks. Tandem serves both on one endpoint and picks
 * the one whose namespace the client uses in its CreateSequence (WCF defaults to February 2005).
 *
 * <p>This enum only names the version (and is what the store keeps); what differs between the two
 * protocols — which messages and faults exist, which optional elements — is the {@code
 * dev.tandem.rm.protocol.ProtocolVariation} of each version.
 */
public enum RmVersion {
  /** WS-RM February 2005 (BEA/IBM/Microsoft/TIBCO), WCF's {@code WSReliableMessagingFebruary2005}. */
  WSRM_2005_02("http://schemas.xmlsoap.org/ws/2005/02/rm"),
  /** OASIS WS-RM 1.1 / 1.2 (namespace of February 2007), WCF's {@code WSReliableMessaging11}. */
  WSRM_1_1("http://docs.oasis-open.org/ws-rx/wsrm/200702");

  private final String namespace;

  RmVersion(String namespace) {
    this.namespace = namespace;
  }

  /** The XML namespace URI of the version's protocol elements. */
  public String namespace() {
    return namespace;
  }

  /** The WS-Addressing action of a protocol message, e.g. {@code action("CreateSequence")}. */
  public String action(String localName) {
    return namespace + "/" + localName;
  }

  /** The version whose namespace is {@code uri}, or empty for any other namespace. */
  public static Optional<RmVersion> ofNamespace(String uri) {
    return Arrays.stream(values()).filter(v -> v.namespace.equals(uri)).findFirst();
  }
}
