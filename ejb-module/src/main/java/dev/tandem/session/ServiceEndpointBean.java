package dev.tandem.session;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.cluster.ClusterNotices;
import dev.tandem.codec.EnvelopeReader;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.InboundEnvelope;
import dev.tandem.codec.MalformedMessageException;
import dev.tandem.codec.SoapVersion;
import dev.tandem.engine.Answer;
import dev.tandem.rm.model.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import dev.tandem.engine.RmEngine;
import dev.tandem.metrics.CommittedEvents;
import dev.tandem.metrics.FaultCodes;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.store.ExecutionLedger;
import dev.tandem.store.OutboundStore;
import dev.tandem.store.RmStore;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;

/**
 * One inbound message, one transaction: decode, run the RM Destination (which invokes the service and
 * stores its reply), encode. On any fault the transaction is rolled back, so a rejected message never
 * changes a Sequence.
 */
@Stateless
public class ServiceEndpointBean {
  @Inject RmStore store;
  @Inject OutboundStore outbound;
  @Inject MetroApplicationInvoker application;
  @Inject TandemSettings settings;
  @Resource SessionContext context;
  @Inject OutboundWakeUp wakeUp;
  @Inject ClusterNotices cluster;
  @Inject ExecutionLedger ledger;
  @Inject TandemMetrics metrics;

  @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
  TransactionSynchronizationRegistry transactions;

  /** Key of this transaction's queued outbound messages in the synchronization registry. */
  private static final Object QUEUED = ServiceEndpointBean.class.getName() + ".queued";

  private final EnvelopeReader reader = new EnvelopeReader();
  private final EnvelopeWriter writer = new EnvelopeWriter();

  /**
   * Processes one POSTed message, of either SOAP version.
   *
   * @see #handle(byte[], String, String, SoapVersion)
   */
  public EndpointResponse handle(byte[] body, String endpoint, String destinationUri) {
    return handle(body, endpoint, destinationUri, null);
  }

  /**
   * Processes one POSTed message.
   *
   * @param body the HTTP request body (already size-checked by the servlet)
   * @param endpoint the service path below the context root, e.g. {@code /service.svc}
   * @param destinationUri the absolute URI the request was posted to
   * @param binding the SOAP version the HTTP Content-Type announced (the envelope must be of it), or
   *     null for either
   * @return the HTTP answer: a reply, a fault (500), or 202
   */
  public EndpointResponse handle(
      byte[] body, String endpoint, String destinationUri, SoapVersion binding) {
    SoapVersion faultVersion = binding == null ? SoapVersion.SOAP_12 : binding;
    InboundEnvelope in;
    try {
      in = reader.read(body, binding);
    } catch (MalformedMessageException e) {
      return fault(faultVersion, new RmFaultException(RmFault.MALFORMED_MESSAGE), null);
    } catch (RmFaultException e) {
      // VersionMismatch, MustUnderstand, InvalidCardinality: nothing of the message was acted on.
      return fault(faultVersion, e, null);
    }
    String ep = MetroApplicationInvoker.normalise(endpoint);
    RmEngine engine =
        new RmEngine(
            store,
            outbound,
            application,
            settings.rm(),
            Clock.systemUTC(),
            this::wakeAfterCommit,
            settings.ledgerEnabled() ? ledger : ExecutionLedger.NONE,
            new CommittedEvents(transactions, metrics));
    try {
      Answer answer = engine.dispatcher().dispatch(in, ep, destinationUri);
      if (answer instanceof Answer.Park p) {
        return EndpointResponse.park(p.address());
      }
      if (answer instanceof Answer.Reply r) {
        return new EndpointResponse(
            r.httpStatus(), in.soapVersion().contentType(), writer.write(r.envelope()));
      }
      if (answer instanceof Answer.Fault f) {
        context.setRollbackOnly();
        return fault(in.soapVersion(), f.fault(), f.relatesTo());
      }
      return EndpointResponse.accepted();
    } catch (RmFaultException e) {
      context.setRollbackOnly();
      return fault(in.soapVersion(), e, in.addressing().messageId());
    } catch (MalformedMessageException e) {
      context.setRollbackOnly();
      return fault(
          in.soapVersion(), new RmFaultException(RmFault.MALFORMED_MESSAGE), in.addressing().messageId());
    }
  }

  /**
   * Delivers the next message due for a parked MakeConnection poll, in a transaction of its own.
   *
   * @param address the MC anonymous URI polled for
   * @return the poll's response, or null when nothing is due for that address yet
   */
  public EndpointResponse poll(String address) {
    return new RmEngine(
            store, outbound, application, settings.rm(), Clock.systemUTC(), this::wakeAfterCommit,
            ExecutionLedger.NONE, new CommittedEvents(transactions, metrics))
        .makeConnection()
        .deliver(address)
        .map(
            r ->
                new EndpointResponse(
                    r.httpStatus(), SoapVersion.SOAP_12.contentType(), writer.write(r.envelope())))
        .orElse(null);
  }

  /**
   * When the earliest message queued for {@code address} falls due (it may already have), or null
   * when none is queued: a parked poll waits for that moment.
   */
  public java.time.Instant nextDue(String address) {
    return outbound.findByAddress(address, 16).stream()
        .map(OutboundMessage::nextAttemptAt)
        .filter(java.util.Objects::nonNull)
        .min(java.util.Comparator.naturalOrder())
        .orElse(null);
  }

  /**
   * Remembers a queued message so that, once this transaction commits, the sender (dual HTTP) or a
   * parked poll (MakeConnection) is woken — at once, or when a delayed callback falls due — on this
   * node, and, with clustering on, a poll parked on another node too (announced in this transaction).
   */
  @SuppressWarnings("unchecked")
  private void wakeAfterCommit(OutboundMessage m) {
    cluster.announce(m.to(), m.nextAttemptAt());
    List<OutboundMessage> queued = (List<OutboundMessage>) transactions.getResource(QUEUED);
    if (queued == null) {
      List<OutboundMessage> list = new ArrayList<>();
      transactions.putResource(QUEUED, list);
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                list.forEach(q -> wakeUp.queued(q.to(), q.nextAttemptAt()));
              }
            }
          });
      queued = list;
    }
    queued.add(m);
  }

  private EndpointResponse fault(SoapVersion soap, RmFaultException e, String relatesTo) {
    metrics.faulted(FaultCodes.of(e.fault()));
    return new EndpointResponse(500, soap.contentType(), writer.writeFault(soap, e, relatesTo));
  }
}
