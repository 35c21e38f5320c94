package dev.tandem.peers.cxf;

import org.apache.cxf.ws.rm.feature.RMFeature;
import org.apache.cxf.ws.rm.manager.DeliveryAssuranceType;
import org.apache.cxf.ws.rm.manager.RM10AddressingNamespaceType;
import org.apache.cxf.ws.rm.manager.SequenceTerminationPolicyType;
import org.apache.cxf.ws.rm.manager.SourcePolicyType;

/**
 * How these tests make Apache CXF an RM Source that Tandem accepts: the RM namespace chosen, WS-
 * Addressing 1.0 with RM February 2005 (not CXF's default 2004/08 namespace for it), an Offer in
 * every CreateSequence (Tandem's request-reply endpoint refuses a CreateSequence without one, as WCF
 * does), exactly-once in-order delivery, and the Sequence ended when the bus shuts down.
 */
final class CxfRmSource {
  static final String WSA10 = "http://www.w3.org/2005/08/addressing";
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";

  private CxfRmSource() {}

  /**
   * A new RM feature for {@code rmNamespace} ({@link #RM10} or {@link #RM11}), with CXF's default
   * retransmission: first after 3 s, then with exponential backoff (its RMManager switches backoff on
   * when nothing configured it; a request context can override both, see CxfLossyProxyIT).
   */
  static RMFeature feature(String rmNamespace) {
    RMFeature rm = new RMFeature();
    rm.setRMNamespace(rmNamespace);
    if (RM10.equals(rmNamespace)) {
      RM10AddressingNamespaceType wsa = new RM10AddressingNamespaceType();
      wsa.setUri(WSA10);
      rm.setRM10AddressingNamespace(wsa);
    }
    SourcePolicyType source = new SourcePolicyType();
    source.setIncludeOffer(true);
    SequenceTerminationPolicyType termination = new SequenceTerminationPolicyType();
    termination.setTerminateOnShutdown(true);
    source.setSequenceTerminationPolicy(termination);
    rm.setSourcePolicy(source);
    DeliveryAssuranceType assurance = new DeliveryAssuranceType();
    assurance.setExactlyOnce(new DeliveryAssuranceType.ExactlyOnce());
    assurance.setInOrder(new DeliveryAssuranceType.InOrder());
    rm.setDeliveryAssurance(assurance);
    return rm;
  }
}
