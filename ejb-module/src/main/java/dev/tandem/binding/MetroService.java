package dev.tandem.binding;

import com.sun.xml.ws.api.BindingID;
import com.sun.xml.ws.api.SOAPVersion;
import com.sun.xml.ws.api.message.Message;
import com.sun.xml.ws.api.message.Messages;
import com.sun.xml.ws.api.message.Packet;
import com.sun.xml.ws.api.server.Container;
import com.sun.xml.ws.api.server.InstanceResolver;
import com.sun.xml.ws.api.server.Invoker;
import com.sun.xml.ws.api.server.WSEndpoint;
import com.sun.xml.ws.developer.SchemaValidationFeature;
import dev.tandem.engine.ApplicationReply;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.RequestWrapper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.dom.DOMSource;
import org.w3c.dom.Element;

/**
 * One ported WCF service run by Metro's JAX-WS server runtime: Metro binds the body to the Java
 * method (JAXB) and back; Tandem's engine owns everything around it (addressing, RM). Metro sees only
 * the SOAP Body payload, so none of Metro's own RM or addressing features are involved.
 */
final class MetroService {
  private final WSEndpoint<?> endpoint;
  private final Map<String, String> replyActions;
  private final Map<String, QName> requestElements;
  // A PipeHead is not thread-safe; keep a small pool instead of one per call (creation is costly).
  private final ConcurrentLinkedDeque<WSEndpoint.PipeHead> heads = new ConcurrentLinkedDeque<>();

  /** The target of the current thread's invocation, for per-session services. */
  private static final ThreadLocal<Object> TARGET = new ThreadLocal<>();

  /** A service with one instance for all calls (WCF InstanceContextMode.Single / PerCall alike). */
  <T> MetroService(Class<T> implementation, Class<?> contract, T instance, QName service, QName port) {
    this(implementation, contract, InstanceResolver.createSingleton(instance).createInvoker(), service, port);
  }

  /**
   * A service whose instance is chosen per call (WCF InstanceContextMode.PerSession): {@link
   * #invoke(String, Element, Object)} names it.
   */
  static MetroService perSession(Class<?> implementation, Class<?> contract, QName service, QName port) {
    Invoker toTarget =
        new Invoker() {
          @Override
          public void start(
              com.sun.xml.ws.api.server.WSWebServiceContext context, WSEndpoint endpoint) {
            // No instance to prepare: each call names its target.
          }

          @Override
          public Object invoke(Packet p, Method m, Object... args)
              throws InvocationTargetException, IllegalAccessException {
            return m.invoke(TARGET.get(), args);
          }
        };
    return new MetroService(implementation, contract, toTarget, service, port);
  }

  private MetroService(
      Class<?> implementation, Class<?> contract, Invoker invoker, QName service, QName port) {
    // Metro reads the endpoint's policy (monitoring off) from META-INF/wsit-<implementation>.xml.
    this.endpoint =
        WSEndpoint.create(
            implementation,
            false,
            invoker,
            service,
            port,
            Container.NONE,
            // Schema validation: a non-number n1 is a fault, as in WCF, not a silent 0.
            BindingID.SOAP12_HTTP.createBinding(new SchemaValidationFeature()),
            null,
            null,
            null,
            true);
    this.replyActions = actionsOf(contract);
    this.requestElements = requestElementsOf(contract);
  }

  /** Input action → the request wrapper's QName, from the contract's {@link RequestWrapper}s. */
  private static Map<String, QName> requestElementsOf(Class<?> contract) {
    Map<String, QName> map = new HashMap<>();
    for (Method m : contract.getMethods()) {
      Action a = m.getAnnotation(Action.class);
      RequestWrapper w = m.getAnnotation(RequestWrapper.class);
      if (a != null && w != null) {
        map.put(a.input(), new QName(w.targetNamespace(), w.localName()));
      }
    }
    return Map.copyOf(map);
  }

  /** Input action → output action ("" for one-way), from the contract's {@link Action}s. */
  private static Map<String, String> actionsOf(Class<?> contract) {
    Map<String, String> map = new HashMap<>();
    for (Method m : contract.getMethods()) {
      Action a = m.getAnnotation(Action.class);
      if (a != null) {
        map.put(a.input(), m.getReturnType() == void.class ? "" : a.output());
      }
    }
    return Map.copyOf(map);
  }

  /** Releases the endpoint's Metro resources; it serves no call afterwards. */
  void dispose() {
    endpoint.dispose();
  }

  boolean supports(String action) {
    return replyActions.containsKey(action);
  }

  /** True when the operation of this input Action has a reply (is not {@code @Oneway}). */
  boolean expectsReply(String action) {
    String output = replyActions.get(action);
    return output != null && !output.isEmpty();
  }

  /** The request wrapper element of the operation of this input Action, or null when unknown. */
  QName requestElement(String action) {
    return requestElements.get(action);
  }

  /**
   * Runs the operation whose wrapper element is {@code body}.
   *
   * @return the reply, or null for a one-way operation
   */
  ApplicationReply invoke(String action, Element body) {
    return invoke(action, body, null);
  }

  /**
   * Runs the operation on {@code target} (a per-session instance), or on the service's single
   * instance when {@code target} is null.
   */
  ApplicationReply invoke(String action, Element body, Object target) {
    WSEndpoint.PipeHead head = heads.pollFirst();
    if (head == null) {
      head = endpoint.createPipeHead();
    }
    TARGET.set(target);
    try {
      Message request = Messages.createUsingPayload(new DOMSource(body), SOAPVersion.SOAP_12);
      Packet response = head.process(new Packet(request), null, null);
      Message reply = response.getMessage();
      if (reply == null || !reply.hasPayload()) {
        return null;
      }
      byte[] payload = payloadBytes(reply);
      return reply.isFault()
          ? new ApplicationReply(ApplicationReply.FAULT_ACTION, payload)
          : new ApplicationReply(replyActions.getOrDefault(action, action + "Response"), payload);
    } finally {
      TARGET.remove();
      heads.offerFirst(head);
    }
  }

  /**
   * Repairing, so the payload declares every namespace it uses and stands alone (it is stored and
   * later copied into envelopes as bytes). Configured once; creating writers is thread-safe.
   */
  private static final XMLOutputFactory PAYLOAD_OUTPUT = payloadOutput();

  private static XMLOutputFactory payloadOutput() {
    XMLOutputFactory f = XMLOutputFactory.newDefaultFactory();
    f.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
    return f;
  }

  private static byte[] payloadBytes(Message reply) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      XMLStreamWriter w = PAYLOAD_OUTPUT.createXMLStreamWriter(out, "UTF-8");
      reply.writePayloadTo(w);
      w.flush();
      w.close();
      return out.toByteArray();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot serialise the service's reply", e);
    }
  }
}
