package dev.tandem.codec;

import dev.tandem.rm.model.RmVersion;
import dev.tandem.rm.protocol.Addressing;
import dev.tandem.rm.protocol.ProtocolVariation;
import dev.tandem.rm.protocol.RmFault;
import dev.tandem.rm.protocol.RmFaultException;
import dev.tandem.rm.protocol.SequenceAcknowledgement;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPEnvelope;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.soap.SOAPHeader;
import jakarta.xml.soap.SOAPHeaderElement;
import jakarta.xml.soap.SOAPMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;

/**
 * Encodes {@link OutboundEnvelope}s with StAX and faults with SAAJ, using the prefixes WCF uses
 * ({@code s}, {@code a}, {@code r}, {@code netrm}) so traces compare easily. Messages are on the
 * path of every call, so they are streamed: a stored or Metro-written body is copied in as bytes,
 * never parsed again. Faults are rare and keep SAAJ's fault model.
 */
public final class EnvelopeWriter {
  /** Fault action of WS-RM 1.1 (WS-RM 1.1 §4): {@link ProtocolVariation#faultAction()} of 1.1. */
  public static final String RM11_FAULT_ACTION = ProtocolVariation.WSRM_1_1.faultAction();

  /** WS-Addressing 1.0 default fault action, used by WCF for February 2005 faults. */
  public static final String WSA_FAULT_ACTION = Addressing.NS + "/fault";

  /**
   * SAAJ factories for faults, looked up once: {@code MessageFactory.newInstance} searches the class
   * path on every call. SAAJ's factories are stateless, so sharing them between threads is safe.
   */
  private static final Map<SoapVersion, MessageFactory> FACTORIES = messageFactories();

  private static Map<SoapVersion, MessageFactory> messageFactories() {
    Map<SoapVersion, MessageFactory> map = new EnumMap<>(SoapVersion.class);
    try {
      for (SoapVersion v : SoapVersion.values()) {
        map.put(v, MessageFactory.newInstance(v.saajProtocol()));
      }
    } catch (SOAPException e) {
      throw new IllegalStateException("SAAJ unavailable", e);
    }
    return map;
  }

  /**
   * Encodes a message.
   *
   * @return UTF-8 XML bytes of the envelope
   * @throws IllegalStateException when SAAJ fails (a bug, not bad input)
   */
  public byte[] write(OutboundEnvelope out) {
    try {
      String soapNs = out.soapVersion().namespace();
      XmlWriter w = new XmlWriter(1024);
      w.start("s", soapNs, "Envelope");
      w.declareForDocument("s", soapNs);
      w.declareForDocument("a", Addressing.NS);
      w.start("s", soapNs, "Header");
      RmElementWriter rm = new RmElementWriter(out.variation());
      if (out.sequence() != null) {
        rm.sequence(w, soapNs, out.sequence());
      }
      for (SequenceAcknowledgement ack : out.acknowledgements()) {
        rm.acknowledgement(w, ack);
      }
      w.start("a", Addressing.NS, "Action");
      w.mustUnderstand(soapNs);
      w.text(out.action());
      w.end();
      if (out.relatesTo() != null) {
        w.leaf("a", Addressing.NS, "RelatesTo", out.relatesTo());
      }
      if (out.to() != null) {
        w.start("a", Addressing.NS, "To");
        w.mustUnderstand(soapNs);
        w.text(out.to());
        w.end();
      }
      if (out.messagePending() != null) {
        // WS-MC 1.1 §3.3 (RSP: attribute unqualified, lower-case true/false, mustUnderstand).
        w.empty("mc", MakeConnectionReader.NS, "MessagePending");
        w.declare("mc", MakeConnectionReader.NS);
        w.mustUnderstand(soapNs);
        w.attribute("pending", out.messagePending() ? "true" : "false");
      }
      if (out.messageId() != null) {
        w.leaf("a", Addressing.NS, "MessageID", out.messageId());
      }
      if (out.replyTo() != null) {
        w.start("a", Addressing.NS, "ReplyTo");
        w.leaf("a", Addressing.NS, "Address", out.replyTo());
        w.end();
      }
      w.end();
      w.start("s", soapNs, "Body");
      writeBody(w, rm, out.body());
      return w.finish();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot encode envelope", e);
    }
  }

  /**
   * Encodes a fault the way WCF shapes it (WsrmFault): Code Sender/Receiver, Subcode in the RM (or
   * WS-Addressing) namespace, Reason, and the Identifier in {@code s:Detail}. For SOAP 1.1 the
   * {@code wsrm:SequenceFault} header is added as WS-RM 1.1 §4 requires there.
   *
   * @param soap version of the request
   * @param fault the fault and its detail value
   * @param relatesTo MessageID of the request, or null
   * @return UTF-8 XML bytes
   */
  public byte[] writeFault(SoapVersion soap, RmFaultException fault, String relatesTo) {
    try {
      RmFault f = fault.fault();
      RmElementWriter rm = new RmElementWriter(fault.variation());
      SOAPMessage msg = newMessage(soap);
      SOAPEnvelope env = msg.getSOAPPart().getEnvelope();
      SOAPHeader header = env.getHeader();
      QName subcode = subcode(f, rm);
      if (soap == SoapVersion.SOAP_11 && f.vocabulary() == RmFault.Vocabulary.RM) {
        SOAPHeaderElement sf = header.addHeaderElement(rm.name("SequenceFault"));
        sf.addChildElement(rm.name("FaultCode")).addTextNode("r:" + f.subcode());
      }
      addressing(header, faultAction(f, fault.variation()), relatesTo, null);
      SOAPFault sf = env.getBody().addFault();
      if (soap == SoapVersion.SOAP_12) {
        sf.setFaultCode(new QName(soap.namespace(), codeName(f.code(), soap), "s"));
        if (subcode != null) {
          sf.appendFaultSubcode(subcode);
          if (f.subsubcode() != null) {
            sf.appendFaultSubcode(
                new QName(subcode.getNamespaceURI(), f.subsubcode(), subcode.getPrefix()));
          }
        }
        sf.addFaultReasonText(fault.reason(), Locale.US);
      } else {
        // SOAP 1.1: RM faults say Client/Server here and name the RM code in the SequenceFault
        // header (WS-RM 1.1 §4.1); WS-Addressing faults put their subcode in faultcode.
        sf.setFaultCode(
            f.vocabulary() == RmFault.Vocabulary.ADDRESSING
                    || f.vocabulary() == RmFault.Vocabulary.DISPATCHER
                ? subcode
                : new QName(soap.namespace(), codeName(f.code(), soap), "s"));
        sf.setFaultString(fault.reason(), Locale.US);
      }
      if (f.detail() == RmFault.Detail.UPGRADE || f.detail() == RmFault.Detail.NOT_UNDERSTOOD) {
        soapHeaderDetail(header, soap, f.detail(), fault.detailValue());
      } else if (fault.detailValue() != null && f.detail() == RmFault.Detail.PROBLEM_HEADER) {
        // WS-A 1.0 SOAP Binding §6.4.1/§6.4.4: the header's QName as a prefixed name.
        QName problem = QName.valueOf(fault.detailValue());
        SOAPElement de =
            sf.addDetail().addChildElement(new QName(Addressing.NS, "ProblemHeaderQName", "a"));
        String prefix = Addressing.NS.equals(problem.getNamespaceURI()) ? "a" : "p";
        if (!"a".equals(prefix)) {
          de.addNamespaceDeclaration(prefix, problem.getNamespaceURI());
        }
        de.addTextNode(prefix + ":" + problem.getLocalPart());
      } else if (fault.detailValue() != null && f.detail() != RmFault.Detail.NONE) {
        jakarta.xml.soap.Detail d = sf.addDetail();
        QName detailName =
            switch (f.detail()) {
              case ACTION -> new QName(Addressing.NS, "ProblemAction", "a");
              case UNSUPPORTED_ELEMENT -> new QName(MakeConnectionReader.NS, "UnsupportedSelection", "mc");
              default -> rm.name("Identifier");
            };
        SOAPElement de = d.addChildElement(detailName);
        if (f.detail() == RmFault.Detail.ACTION) {
          de.addChildElement(new QName(Addressing.NS, "Action", "a")).addTextNode(fault.detailValue());
        } else {
          de.addTextNode(fault.detailValue());
        }
      }
      return serialize(msg);
    } catch (SOAPException e) {
      throw new IllegalStateException("cannot encode fault", e);
    }
  }

  /**
   * Encodes only the Body content (one element, or nothing), for messages stored before they are
   * sent.
   *
   * @return UTF-8 XML of the element, or an empty array for an empty Body
   */
  public byte[] writeBodyContent(RmVersion rm, OutboundBody content) {
    if (content instanceof OutboundBody.Empty) {
      return new byte[0];
    }
    if (content instanceof OutboundBody.Xml x) {
      return x.xml();
    }
    try {
      XmlWriter w = new XmlWriter(256);
      new RmElementWriter(ProtocolVariation.of(rm)).body(w, content);
      return w.finish();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot encode body", e);
    }
  }

  /** The SOAP fault code's local name in {@code soap}'s vocabulary (SOAP 1.2 §5.4.6, SOAP 1.1 §4.4.1). */
  private static String codeName(RmFault.Code code, SoapVersion soap) {
    boolean soap12 = soap == SoapVersion.SOAP_12;
    return switch (code) {
      case SENDER -> soap12 ? "Sender" : "Client";
      case RECEIVER -> soap12 ? "Receiver" : "Server";
      case VERSION_MISMATCH -> "VersionMismatch";
      case MUST_UNDERSTAND -> "MustUnderstand";
    };
  }

  /**
   * The header blocks SOAP 1.2 Part 1 attaches to two of its faults: {@code Upgrade} listing the
   * envelopes Tandem supports (§5.4.7) and {@code NotUnderstood} naming the header (§5.4.8). SOAP 1.1
   * defines neither; they are written in the SOAP 1.2 namespace there too, as SOAP 1.2 Appendix A
   * suggests for the Upgrade header.
   */
  private static void soapHeaderDetail(
      SOAPHeader header, SoapVersion soap, RmFault.Detail detail, String value)
      throws SOAPException {
    String ns12 = SoapVersion.SOAP_12.namespace();
    String prefix = soap == SoapVersion.SOAP_12 ? "s" : "s12";
    if (detail == RmFault.Detail.UPGRADE) {
      SOAPHeaderElement up = header.addHeaderElement(new QName(ns12, "Upgrade", prefix));
      int i = 0;
      for (SoapVersion v : new SoapVersion[] {SoapVersion.SOAP_12, SoapVersion.SOAP_11}) {
        SOAPElement se = up.addChildElement(new QName(ns12, "SupportedEnvelope", prefix));
        String p = "v" + (++i);
        se.addNamespaceDeclaration(p, v.namespace());
        se.setAttribute("qname", p + ":Envelope");
      }
    } else if (value != null) {
      QName q = QName.valueOf(value);
      SOAPHeaderElement nu = header.addHeaderElement(new QName(ns12, "NotUnderstood", prefix));
      nu.addNamespaceDeclaration("nu", q.getNamespaceURI());
      nu.setAttribute("qname", "nu:" + q.getLocalPart());
    }
  }

  /**
   * The fault's wsa:Action: the variation's for an RM fault (WS-RM 1.1 §4; WS-Addressing's default
   * in February 2005), WS-MC's and WCF's dispatcher's own, WS-Addressing's default for the rest.
   */
  private static String faultAction(RmFault f, ProtocolVariation rm) {
    return switch (f.vocabulary()) {
      case RM -> rm.faultAction();
      case MAKE_CONNECTION -> MakeConnectionReader.NS + "/fault";
      case DISPATCHER -> RmFault.DISPATCHER_NS + "/fault";
      case ADDRESSING, NONE -> WSA_FAULT_ACTION;
    };
  }

  private static QName subcode(RmFault f, RmElementWriter rm) {
    return switch (f.vocabulary()) {
      case RM -> rm.name(f.subcode());
      case ADDRESSING -> new QName(Addressing.NS, f.subcode(), "a");
      case MAKE_CONNECTION -> new QName(MakeConnectionReader.NS, f.subcode(), "mc");
      case DISPATCHER -> new QName(RmFault.DISPATCHER_NS, f.subcode(), "d");
      case NONE -> null;
    };
  }

  private static SOAPMessage newMessage(SoapVersion v) throws SOAPException {
    SOAPMessage msg = FACTORIES.get(v).createMessage();
    SOAPEnvelope env = msg.getSOAPPart().getEnvelope();
    // WCF writes s:, SAAJ defaults to env:/SOAP-ENV:.
    String old = env.getPrefix();
    env.removeNamespaceDeclaration(old);
    env.setPrefix("s");
    env.getHeader().setPrefix("s");
    env.getBody().setPrefix("s");
    env.addNamespaceDeclaration("a", Addressing.NS);
    return msg;
  }

  private static void addressing(SOAPHeader header, String action, String relatesTo, String to)
      throws SOAPException {
    SOAPHeaderElement a = header.addHeaderElement(new QName(Addressing.NS, "Action", "a"));
    mustUnderstand(a);
    a.addTextNode(action);
    if (relatesTo != null) {
      header.addHeaderElement(new QName(Addressing.NS, "RelatesTo", "a")).addTextNode(relatesTo);
    }
    if (to != null) {
      SOAPHeaderElement t = header.addHeaderElement(new QName(Addressing.NS, "To", "a"));
      mustUnderstand(t);
      t.addTextNode(to);
    }
  }

  /** {@code s:mustUnderstand="1"} as WCF writes it (SAAJ would declare its own prefix). */
  static void mustUnderstand(SOAPHeaderElement e) throws SOAPException {
    String soapNs = e.getOwnerDocument().getDocumentElement().getNamespaceURI();
    e.addAttribute(new QName(soapNs, "mustUnderstand", "s"), "1");
  }

  private static void writeBody(XmlWriter w, RmElementWriter rm, OutboundBody content)
      throws XMLStreamException {
    if (content instanceof OutboundBody.Xml x) {
      w.raw(x.xml());
    } else if (!(content instanceof OutboundBody.Empty)) {
      rm.body(w, content);
    }
  }

  private static byte[] serialize(SOAPMessage msg) throws SOAPException {
    try {
      msg.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      msg.getSOAPPart().getEnvelope();
      msg.writeTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new SOAPException(e);
    }
  }
}
