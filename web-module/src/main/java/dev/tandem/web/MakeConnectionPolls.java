package dev.tandem.web;

import dev.tandem.cluster.ClusterChannel;
import dev.tandem.session.EndpointResponse;
import dev.tandem.session.OutboundWakeUp;
import dev.tandem.session.ServiceEndpointBean;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import dev.tandem.metrics.TandemMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Parked WS-MakeConnection polls (WS-MC 1.1 §3.1), one per MC anonymous address: each waits as an
 * {@link AsyncContext}, holding no thread, until a message for its address is committed, on this node
 * or, with clustering on, on another (or a delayed one falls due) — then it is answered at once — or until the hold time ends ({@code
 * tandem.mc.hold-time}, default 15000 ms, as RSP's ServerPollTimeout), then it gets 202. A newer poll
 * for the same address releases the older one with 202, as RSP's dispatcher does.
 */
@ApplicationScoped
public class MakeConnectionPolls {
  /** Gauge: MakeConnection polls parked on this node, waiting for a message to answer with. */
  public static final String PARKED = "tandem.makeconnection.parked";

  @Inject TandemMetrics metrics;

  private static final Logger LOG = Logger.getLogger(MakeConnectionPolls.class.getName());

  @Inject ServiceEndpointBean endpoint;
  @Inject OutboundWakeUp wakeUp;
  @Inject ClusterChannel cluster;
  @Inject ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "tandem.mc.hold-time", defaultValue = "15000")
  long holdMillis; // read by the servlet for its async safety-net timeout

  private final ConcurrentHashMap<String, AsyncContext> parked = new ConcurrentHashMap<>();

  @PostConstruct
  void listen() {
    wakeUp.listenAddresses(this::queued);
    cluster.listen(this::queued); // committed on another node (clustering on)
  }

  /** Created with the application, so no commit happens before it listens. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    metrics.gauge(PARKED, this::parkedCount);
    LOG.fine("TANDEM-MC-0003 MakeConnection polls ready");
  }

  /** How many polls are parked now. */
  public int parkedCount() {
    return parked.size();
  }

  /** Holds {@code poll} open for {@code address}. */
  void park(String address, AsyncContext poll) {
    try {
      poll.setTimeout(holdMillis + 30_000); // our own hold timer answers first; this is the safety net
    } catch (IllegalStateException afterDispatch) {
      // Parked after the servlet's dispatch returned (non-blocking body read): the servlet already
      // set a container timeout beyond the hold time.
    }
    AsyncContext older = parked.put(address, poll);
    if (older != null) {
      accepted(older);
    }
    scheduler.schedule(
        () -> {
          if (parked.remove(address, poll)) {
            accepted(poll);
          }
        },
        holdMillis,
        TimeUnit.MILLISECONDS);
    // A message committed between the poll's own look-up and now must not wait for the next one.
    scheduler.execute(() -> deliver(address));
  }

  private void queued(String address, Instant dueAt) {
    if (!dev.tandem.codec.MakeConnectionReader.isAnonymous(address)) {
      return;
    }
    schedule(address, dueAt);
  }

  private void schedule(String address, Instant dueAt) {
    // Rounded up: a look a fraction of a millisecond early finds the message not yet due.
    long delay = Math.max(0, Duration.between(Instant.now(), dueAt).plusNanos(999_999).toMillis());
    scheduler.schedule(() -> deliver(address), delay, TimeUnit.MILLISECONDS);
  }

  private void deliver(String address) {
    AsyncContext poll = parked.remove(address);
    if (poll == null) {
      return;
    }
    EndpointResponse response;
    try {
      response = endpoint.poll(address);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "TANDEM-MC-0001 delivery to a parked poll failed", e);
      response = null;
    }
    if (response == null) {
      if (parked.putIfAbsent(address, poll) != null) {
        accepted(poll); // a newer poll took its place meanwhile
        return;
      }
      // Something may be queued but not yet due (a delayed callback, a retransmission, or one
      // queued before a restart): look again when it falls due.
      Instant due = endpoint.nextDue(address);
      if (due != null) {
        // Due already yet not deliverable (held back by flow control, or waiting for the client to
        // name its Sequence): the event that frees it wakes the poll; meanwhile look again at most
        // once a second rather than spinning. Not due yet: look when it falls due.
        Instant now = Instant.now();
        schedule(address, due.isAfter(now) ? due : now.plusSeconds(1));
      }
      return;
    }
    write(poll, response);
  }

  private static void accepted(AsyncContext poll) {
    write(poll, EndpointResponse.accepted());
  }

  private static void write(AsyncContext poll, EndpointResponse answer) {
    try {
      HttpServletResponse resp = (HttpServletResponse) poll.getResponse();
      if (resp == null) {
        // Completed meanwhile (its client went away, or the container's timeout fired): nobody to
        // answer. Seen in the soak when a duplicated poll replaced one the container had closed; the
        // NullPointerException had failed the new poll with InternalError.
        return;
      }
      resp.setStatus(answer.status());
      if (answer.contentType() != null) {
        resp.setContentType(answer.contentType());
      }
      resp.setContentLength(answer.body().length);
      if (answer.body().length > 0) {
        resp.getOutputStream().write(answer.body());
      }
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, "TANDEM-MC-0002 poll connection gone", e);
    } finally {
      try {
        poll.complete();
      } catch (IllegalStateException alreadyDone) {
        // timed out or completed by the container
      }
    }
  }
}
