package dev.tandem.web;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.session.EndpointResponse;
import dev.tandem.session.ServiceEndpointBean;
import dev.tandem.session.TandemSettings;
import dev.tandem.metrics.FaultCodes;
import dev.tandem.metrics.TandemMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code Service.svc}: the one HTTP endpoint of every hosted service (any letter case, as IIS). POST
 * carries SOAP messages; GET {@code ?wsdl} returns the service's WSDL with its RM policy. The servlet
 * only moves bytes: it picks the SOAP binding from the Content-Type (415 for any other), enforces the
 * size limit (413), and hands the body to {@link ServiceEndpointBean}. A body already whole in the
 * container's buffer (the usual small message) is read at once; any other is read without blocking a
 * thread ({@link RequestBody}) under the body deadline (408, {@link BodyDeadlines}).
 */
public class ServiceEndpointServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(ServiceEndpointServlet.class.getName());

  @Inject private ServiceEndpointBean endpoint;
  @Inject private MetroApplicationInvoker services;
  @Inject private TandemSettings settings;
  @Inject private WsdlPublisher wsdl;
  @Inject private MakeConnectionPolls polls;
  @Inject private BodyDeadlines deadlines;
  @Inject private TandemMetrics metrics;

  private final EnvelopeWriter writer = new EnvelopeWriter();

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      post(req, resp);
    } catch (RuntimeException e) {
      failed(req, resp, e);
    }
  }

  private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = path(req);
    if (!services.hosts(path)) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    SoapVersion binding = bindingOf(req.getContentType());
    if (binding == null) {
      // SOAP 1.2 Part 2 §7.1.4 / SOAP 1.1 §6.1.1: application/soap+xml or text/xml only; WCF answers
      // any other media type (JSON, MTOM's multipart/related, none) with 415 and no body.
      LOG.fine(() -> "TANDEM-WEB-0005 unsupported Content-Type " + req.getContentType());
      metrics.refused("unsupported-media-type");
      resp.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
      resp.setContentLength(0);
      return;
    }
    if (!req.isSecure() && services.requiresHttps(path)) {
      write(resp, fault(HttpServletResponse.SC_FORBIDDEN, binding, RmFault.HTTPS_REQUIRED));
      return;
    }
    int limit = settings.maxMessageBytes();
    boolean http1 = req.getProtocol().startsWith("HTTP/1");
    if (http1 && req.getContentLengthLong() > limit) {
      // Refused on its Content-Length alone: nothing of it is read (with Expect: 100-continue the
      // client never sends it). Not on HTTP/2 (an h2c-upgraded JDK client): Grizzly then never
      // delivers the answer to a stream whose body was left unread, so that body is drained below.
      tooLarge(req, resp, binding);
      return;
    }
    if (req.getHeader("Upgrade") != null) {
      // A request asking for a protocol upgrade (the JDK HttpClient's h2c attempt): Grizzly moves it
      // onto an HTTP/2 stream whose body never reaches a ReadListener (and fails in Http2ServerFilter),
      // so it is read blocking, as before, bounded by Grizzly's own read timeout (30 s).
      blocking(req, resp, path, binding, limit);
      return;
    }
    long length = req.getContentLengthLong();
    if (length >= 0 && length <= limit && req.getInputStream().available() >= length) {
      // The usual case: the whole body came with the headers and is in the container's buffer. It
      // is read at once, with no listener, no deadline and no AsyncContext (unless a poll parks).
      buffered(req, resp, path, binding, (int) length);
      return;
    }
    AsyncContext async = req.startAsync();
    // The container's own timeout is only a safety net behind the body deadline below and a parked
    // MakeConnection poll's hold time, which must not be cut short.
    async.setTimeout(settings.bodyReadTimeoutMillis() + polls.holdMillis + 30_000);
    RequestBody[] self = new RequestBody[1];
    RequestBody body =
        new RequestBody(
            async,
            req.getInputStream(),
            length,
            limit,
            bytes -> dispatch(req, resp, async, path, binding, bytes),
            () -> {
              tooLarge(req, resp, binding);
              async.complete();
            },
            () -> timedOut(resp, async, binding),
            () -> broken(resp, async),
            () -> deadlines.forget(self[0]));
    self[0] = body;
    async.addListener(body);
    deadlines.watch(body, settings.bodyReadTimeoutMillis());
    req.getInputStream().setReadListener(body);
  }

  /** A body already whole in the container's buffer ({@code length} bytes, within the limit). */
  private void buffered(
      HttpServletRequest req, HttpServletResponse resp, String path, SoapVersion binding, int length)
      throws IOException {
    byte[] body;
    try {
      body = RequestBody.readBuffered(req.getInputStream(), length);
    } catch (IOException gone) {
      LOG.log(Level.FINE, "TANDEM-WEB-0004 request body not received", gone);
      resp.setHeader("Connection", "close");
      resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      resp.setContentLength(0);
      return;
    }
    answer(req, resp, path, binding, body);
  }

  private void blocking(
      HttpServletRequest req, HttpServletResponse resp, String path, SoapVersion binding, int limit)
      throws IOException {
    byte[] body;
    try {
      body = RequestBody.readBlocking(req.getInputStream(), limit);
    } catch (IOException slowOrGone) {
      LOG.log(Level.FINE, "TANDEM-WEB-0003 request body not complete in time", slowOrGone);
      resp.setHeader("Connection", "close");
      write(resp, fault(HttpServletResponse.SC_REQUEST_TIMEOUT, binding, RmFault.BODY_TIMEOUT));
      return;
    }
    if (body == null) {
      tooLarge(req, resp, binding);
      return;
    }
    answer(req, resp, path, binding, body);
  }

  /** Handles a body read on the request thread; a poll with nothing to answer yet is parked. */
  private void answer(
      HttpServletRequest req, HttpServletResponse resp, String path, SoapVersion binding, byte[] body)
      throws IOException {
    long start = System.nanoTime();
    EndpointResponse answer = handle(body, path, req.getRequestURL().toString(), binding);
    if (answer.parkAddress() != null) {
      polls.park(answer.parkAddress(), req.startAsync());
      return;
    }
    write(resp, answer);
    metrics.processing(Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * One transaction in the engine; a failure becomes a fault. The transaction was rolled back, so
   * nothing of the message was kept and the client's retry is safe.
   */
  private EndpointResponse handle(byte[] body, String path, String destinationUri, SoapVersion binding) {
    long start = System.nanoTime();
    try {
      return handleOnceMore(body, path, destinationUri, binding);
    } catch (RuntimeException e) {
      if (StoreFailures.isOutage(e)) {
        // Expected for as long as the database is down: one line each, not a stack trace each.
        LOG.warning(
            "TANDEM-WEB-0006 message store unavailable; message rolled back, client told to retry: "
                + StoreFailures.rootMessage(e));
        return fault(500, binding, RmFault.STORE_UNAVAILABLE);
      }
      LOG.log(Level.WARNING, "TANDEM-WEB-0001 message failed and was rolled back", e);
      return fault(500, binding, RmFault.INTERNAL_ERROR);
    } finally {
      metrics.storeTransaction(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Runs the message's transaction, and once more when it lost to a concurrent transaction ({@link
   * StoreFailures#isConflict}). The usual case: two copies of one CreateSequence in flight at once (a
   * retransmission overtaking its original, or a network that duplicates) both find no Sequence for
   * the Offer and both insert one; the loser is rolled back (SQLState 23505). Run again, it finds the
   * winner's Sequence and gets the same CreateSequenceResponse, as any retried CreateSequence does.
   * A deadlock or lock failure is treated alike. Nothing of the first run was kept, so running it
   * again is what the client's own retry would do, without faulting its session.
   */
  private EndpointResponse handleOnceMore(
      byte[] body, String path, String destinationUri, SoapVersion binding) {
    try {
      return endpoint.handle(body, path, destinationUri, binding);
    } catch (RuntimeException e) {
      if (!StoreFailures.isConflict(e)) {
        throw e;
      }
      LOG.info(() -> "TANDEM-WEB-0007 lost to a concurrent transaction; running the message again: "
          + StoreFailures.rootMessage(e));
      return endpoint.handle(body, path, destinationUri, binding);
    }
  }

  /** The whole body has arrived: one transaction in the engine, then the answer. */
  private void dispatch(
      HttpServletRequest req,
      HttpServletResponse resp,
      AsyncContext async,
      String path,
      SoapVersion binding,
      byte[] body) {
    try {
      long start = System.nanoTime();
      EndpointResponse answer = handle(body, path, req.getRequestURL().toString(), binding);
      if (answer.parkAddress() != null) {
        // WS-MC: nothing for this poll yet; hold the request without holding a thread.
        polls.park(answer.parkAddress(), async);
        return;
      }
      write(resp, answer);
      metrics.processing(Duration.ofNanos(System.nanoTime() - start));
      async.complete();
    } catch (IOException | RuntimeException e) {
      failed(req, resp, e);
      complete(async);
    }
  }

  private void tooLarge(HttpServletRequest req, HttpServletResponse resp, SoapVersion binding) {
    metrics.refused("body-too-large");
    if (req.getProtocol().startsWith("HTTP/1")) {
      resp.setHeader("Connection", "close"); // the rest of the body is not read
    }
    try {
      write(resp, fault(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, binding, RmFault.MESSAGE_TOO_LARGE));
    } catch (IOException gone) {
      LOG.log(Level.FINE, "TANDEM-WEB-0004 client gone before its 413", gone);
    }
  }

  /** The body did not arrive within {@code tandem.limits.body-read-timeout}: 408, connection closed. */
  private void timedOut(HttpServletResponse resp, AsyncContext async, SoapVersion binding) {
    LOG.fine("TANDEM-WEB-0003 request body not complete in time; connection closed");
    metrics.refused("body-timeout");
    try {
      if (!resp.isCommitted()) {
        resp.setHeader("Connection", "close");
        write(resp, fault(HttpServletResponse.SC_REQUEST_TIMEOUT, binding, RmFault.BODY_TIMEOUT));
      }
    } catch (IOException | IllegalStateException gone) {
      LOG.log(Level.FINE, "TANDEM-WEB-0004 client gone before its 408", gone);
    }
    complete(async);
  }

  /** The body could not be read (e.g. broken chunked framing): 400, connection closed. */
  private void broken(HttpServletResponse resp, AsyncContext async) {
    metrics.refused("body-unreadable");
    try {
      if (!resp.isCommitted()) {
        resp.setHeader("Connection", "close");
        resp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        resp.setContentLength(0);
      }
    } catch (IllegalStateException gone) {
      LOG.log(Level.FINE, "TANDEM-WEB-0004 client gone", gone);
    }
    complete(async);
  }

  private void failed(HttpServletRequest req, HttpServletResponse resp, Exception e) {
    // Whatever failed, the client gets a SOAP fault, never the container's HTML error page.
    LOG.log(Level.WARNING, "TANDEM-WEB-0002 request failed before reaching the engine", e);
    if (!resp.isCommitted()) {
      SoapVersion soap = bindingOf(req.getContentType());
      try {
        write(resp, fault(500, soap == null ? SoapVersion.SOAP_12 : soap, RmFault.INTERNAL_ERROR));
      } catch (IOException | IllegalStateException gone) {
        LOG.log(Level.FINE, "TANDEM-WEB-0004 client gone", gone);
      }
    }
  }

  private EndpointResponse fault(int status, SoapVersion soap, RmFault fault) {
    metrics.faulted(FaultCodes.of(fault));
    return new EndpointResponse(
        status, soap.contentType(), writer.writeFault(soap, new RmFaultException(fault), null));
  }

  private static void complete(AsyncContext async) {
    try {
      async.complete();
    } catch (IllegalStateException alreadyDone) {
      // completed already
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = path(req);
    String query = req.getQueryString();
    if (!services.hosts(path)) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!req.isSecure() && services.requiresHttps(path)) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, "This endpoint requires HTTPS.");
      return;
    }
    String q = query == null ? "" : query.toLowerCase(java.util.Locale.ROOT);
    if ((q.startsWith("wsdl") || q.startsWith("singlewsdl"))
        && wsdl.publishes(MetroApplicationInvoker.normalise(path))) {
      byte[] doc =
          wsdl.wsdl(
              MetroApplicationInvoker.normalise(path),
              req.getRequestURL().toString(),
              q.contains("rm=1.1"),
              req.isSecure());
      resp.setContentType("text/xml; charset=utf-8");
      resp.setContentLength(doc.length);
      resp.getOutputStream().write(doc);
      return;
    }
    resp.setContentType("text/plain; charset=utf-8");
    resp.getWriter()
        .println(
            "Tandem service endpoint. POST SOAP 1.2 messages with WS-ReliableMessaging; WSDL: "
                + req.getRequestURL()
                + "?wsdl");
  }

  private static String path(HttpServletRequest req) {
    String p = req.getPathInfo();
    return p == null ? req.getServletPath() : req.getServletPath() + p;
  }

  /**
   * The SOAP HTTP binding the media type names: {@code application/soap+xml} SOAP 1.2 (SOAP 1.2 Part 2
   * §7.1.4), {@code text/xml} SOAP 1.1 (SOAP 1.1 §6.1.1); null for anything else.
   */
  static SoapVersion bindingOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String media =
        (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    switch (media) {
      case "application/soap+xml":
        return SoapVersion.SOAP_12;
      case "text/xml":
        return SoapVersion.SOAP_11;
      default:
        return null;
    }
  }

  private static void write(HttpServletResponse resp, EndpointResponse answer) throws IOException {
    resp.setStatus(answer.status());
    if (answer.contentType() != null) {
      resp.setContentType(answer.contentType());
    }
    resp.setContentLength(answer.body().length);
    if (answer.body().length > 0) {
      resp.getOutputStream().write(answer.body());
    }
  }
}
