package dev.tandem.web;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.codec.EnvelopeWriter;
import dev.tandem.codec.SoapVersion;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.session.EndpointResponse;
import dev.tandem.session.ServiceEndpointBean;
import dev.tandem.session.TandemSettings;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code Service.svc}: the one HTTP endpoint of every hosted service (any letter case, as IIS). POST
 * carries SOAP messages; GET {@code ?wsdl} returns the service's WSDL with its RM policy. The servlet
 * only moves bytes: it enforces the size limit and hands the body to {@link ServiceEndpointBean}.
 */
@WebServlet(name = "ServiceEndpoint", urlPatterns = "/*", loadOnStartup = 1, asyncSupported = true)
public class ServiceEndpointServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(ServiceEndpointServlet.class.getName());

  @EJB private ServiceEndpointBean endpoint;
  @Inject private MetroApplicationInvoker services;
  @Inject private TandemSettings settings;
  @Inject private WsdlPublisher wsdl;
  @Inject private MakeConnectionPolls polls;

  /** How much of an oversized body is drained before the connection is given up. */
  private static final int DRAIN_FACTOR = 4;

  private final EnvelopeWriter writer = new EnvelopeWriter();

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      post(req, resp);
    } catch (RuntimeException e) {
      // Whatever failed, the client gets a SOAP fault, never the container's HTML error page.
      LOG.log(Level.WARNING, "TANDEM-WEB-0002 request failed before reaching the engine", e);
      if (!resp.isCommitted() && !req.isAsyncStarted()) {
        SoapVersion soap = soapVersionOf(req.getContentType());
        write(
            resp,
            new EndpointResponse(
                500,
                soap.contentType(),
                writer.writeFault(soap, new RmFaultException(RmFault.INTERNAL_ERROR), null)));
      }
    }
  }

  private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = path(req);
    if (!services.hosts(path)) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    SoapVersion soap = soapVersionOf(req.getContentType());
    if (!req.isSecure() && MetroApplicationInvoker.requiresHttps(path)) {
      write(
          resp,
          new EndpointResponse(
              HttpServletResponse.SC_FORBIDDEN,
              soap.contentType(),
              writer.writeFault(soap, new RmFaultException(RmFault.HTTPS_REQUIRED), null)));
      return;
    }
    int limit = settings.maxMessageBytes();
    byte[] body = readLimited(req, limit);
    if (body == null) {
      resp.setHeader("Connection", "close");
      write(
          resp,
          new EndpointResponse(
              HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
              soap.contentType(),
              writer.writeFault(soap, new RmFaultException(RmFault.MESSAGE_TOO_LARGE), null)));
      return;
    }
    EndpointResponse answer;
    try {
      answer = endpoint.handle(body, path, req.getRequestURL().toString());
    } catch (RuntimeException e) {
      // Rolled back: nothing of the message was kept, the client's retry is safe.
      LOG.log(Level.WARNING, "TANDEM-WEB-0001 message failed and was rolled back", e);
      answer =
          new EndpointResponse(
              500,
              soap.contentType(),
              writer.writeFault(soap, new RmFaultException(RmFault.INTERNAL_ERROR), null));
    }
    if (answer.parkAddress() != null) {
      // WS-MC: nothing for this poll yet; hold the request without holding a thread.
      polls.park(answer.parkAddress(), req.startAsync());
      return;
    }
    write(resp, answer);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = path(req);
    String query = req.getQueryString();
    if (!services.hosts(path)) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!req.isSecure() && MetroApplicationInvoker.requiresHttps(path)) {
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

  private static SoapVersion soapVersionOf(String contentType) {
    return contentType != null && contentType.toLowerCase().startsWith("text/xml")
        ? SoapVersion.SOAP_11
        : SoapVersion.SOAP_12;
  }

  /**
   * The body, or null when it is longer than {@code limit} bytes. An oversized body is still read
   * (and discarded) up to {@link #DRAIN_FACTOR} times the limit so that the client, which is still
   * sending, can read the fault instead of a reset connection; beyond that the connection is dropped.
   */
  private static byte[] readLimited(HttpServletRequest req, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    byte[] buf = new byte[8192];
    long total = 0;
    long drainLimit = (long) limit * DRAIN_FACTOR;
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total <= limit) {
          out.write(buf, 0, n);
        } else if (total > drainLimit) {
          break;
        }
      }
    }
    return total > limit ? null : out.toByteArray();
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
