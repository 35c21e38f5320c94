package dev.tandem.codec;

import jakarta.xml.soap.SOAPConstants;
import java.util.Optional;

/** SOAP 1.2 (WCF's wsHttpBinding) or SOAP 1.1; a reply uses the request's version. */
public enum SoapVersion {
  SOAP_11(
      "http://schemas.xmlsoap.org/soap/envelope/",
      "text/xml; charset=utf-8",
      SOAPConstants.SOAP_1_1_PROTOCOL),
  SOAP_12(
      "http://www.w3.org/2003/05/soap-envelope",
      "application/soap+xml; charset=utf-8",
      SOAPConstants.SOAP_1_2_PROTOCOL);

  private final String namespace;
  private final String contentType;
  private final String saajProtocol;

  SoapVersion(String namespace, String contentType, String saajProtocol) {
    this.namespace = namespace;
    this.contentType = contentType;
    this.saajProtocol = saajProtocol;
  }

  public String namespace() {
    return namespace;
  }

  /** HTTP Content-Type of a message in this version, UTF-8. */
  public String contentType() {
    return contentType;
  }

  String saajProtocol() {
    return saajProtocol;
  }

  /** The version whose envelope namespace is {@code uri}. */
  public static Optional<SoapVersion> ofNamespace(String uri) {
    for (SoapVersion v : values()) {
      if (v.namespace.equals(uri)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
