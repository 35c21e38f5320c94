package dev.tandem.codec;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM navigation steps the codec repeats; package-private. */
final class Dom {
  private Dom() {}

  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) n);
      }
    }
    return out;
  }

  static Element child(Element parent, String ns, String localName) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE
          && localName.equals(n.getLocalName())
          && ns.equals(n.getNamespaceURI())) {
        return (Element) n;
      }
    }
    return null;
  }

  static Element firstChildElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        return (Element) n;
      }
    }
    return null;
  }

  static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }
}
