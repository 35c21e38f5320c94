package dev.tandem.binding;

import dev.tandem.engine.CallbackSink;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.bind.DatatypeConverter;
import jakarta.xml.ws.Action;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The callback channel a session service calls (WCF's {@code GetCallbackChannel<T>()}): each call on
 * the callback contract becomes a document/literal wrapped one-way message — wrapper element named
 * after the operation in the contract's namespace, one child per parameter ({@link WebParam} names),
 * values in their XML Schema lexical form (doubles via JAXB's {@link DatatypeConverter}, so
 * {@code INF}, never Java's {@code Infinity}) — handed to the {@link CallbackSink}.
 */
final class CallbackProxy implements InvocationHandler {
  private final Class<?> contract;
  private final CallbackSink sink;

  private CallbackProxy(Class<?> contract, CallbackSink sink) {
    this.contract = contract;
    this.sink = sink;
  }

  /** A proxy of {@code contract} (an interface with JAX-WS annotations) that sends to {@code sink}. */
  static <C> C create(Class<C> contract, CallbackSink sink) {
    return contract.cast(
        Proxy.newProxyInstance(
            contract.getClassLoader(), new Class<?>[] {contract}, new CallbackProxy(contract, sink)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Exception {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "CallbackProxy[" + contract.getName() + "]";
      };
    }
    WebMethod wm = method.getAnnotation(WebMethod.class);
    Action action = method.getAnnotation(Action.class);
    if (wm == null || action == null) {
      throw new IllegalStateException(method + " lacks @WebMethod/@Action");
    }
    String ns = contract.getAnnotation(WebService.class).targetNamespace();
    Document doc = newDocument();
    Element wrapper = doc.createElementNS(ns, wm.operationName());
    doc.appendChild(wrapper);
    for (int i = 0; i < method.getParameterCount(); i++) {
      WebParam wp = method.getParameters()[i].getAnnotation(WebParam.class);
      String pns = wp.targetNamespace().isEmpty() ? ns : wp.targetNamespace();
      Element p = doc.createElementNS(pns, wp.name());
      p.setTextContent(lexical(args[i]));
      wrapper.appendChild(p);
    }
    sink.send(action.input(), serialize(doc));
    return null;
  }

  private static String lexical(Object value) {
    if (value instanceof Double d) {
      return DatatypeConverter.printDouble(d);
    }
    if (value instanceof Float f) {
      return DatatypeConverter.printFloat(f);
    }
    return String.valueOf(value);
  }

  private static Document newDocument() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().newDocument();
  }

  private static byte[] serialize(Document doc) throws TransformerException {
    Transformer t = TransformerFactory.newDefaultInstance().newTransformer();
    t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    t.transform(new DOMSource(doc), new StreamResult(out));
    return out.toByteArray();
  }
}
