package dev.tandem.hostile;

import java.util.Set;
import javax.xml.namespace.QName;

/**
 * What a hostile case must get back.
 *
 * @param status the HTTP status; {@link #CLOSED_OR_STATUS} with {@code status} means the server may
 *     instead close the connection without an answer
 * @param soapNs the SOAP envelope namespace of the expected fault, or null when the body is not
 *     checked (415, a closed connection) — see {@link #processed} for a non-fault answer
 * @param code the fault code QName (SOAP 1.2 {@code Code/Value}, SOAP 1.1 {@code faultcode})
 * @param subcodes acceptable first-level subcodes (SOAP 1.2 {@code Subcode/Value}; SOAP 1.1: the
 *     {@code wsrm:SequenceFault/FaultCode} header); empty: not checked
 * @param subsubcode the second-level subcode, or null
 * @param ok true for a legitimate message that must be processed normally (200, no fault)
 * @param mayClose true when the server may close the connection instead of answering
 * @param expires for a processed CreateSequence: the {@code CreateSequenceResponse/Expires} it must
 *     carry (WS-RM 1.1 §3.4), "" for none; null when not checked
 */
record Expected(
    int status,
    String soapNs,
    QName code,
    Set<QName> subcodes,
    QName subsubcode,
    boolean ok,
    boolean mayClose,
    String expires) {
  static final String S12 = "http://www.w3.org/2003/05/soap-envelope";
  static final String S11 = "http://schemas.xmlsoap.org/soap/envelope/";
  static final int CLOSED_OR_STATUS = -1;

  /** An expectation that does not check a CreateSequenceResponse's Expires. */
  Expected(
      int status,
      String soapNs,
      QName code,
      Set<QName> subcodes,
      QName subsubcode,
      boolean ok,
      boolean mayClose) {
    this(status, soapNs, code, subcodes, subsubcode, ok, mayClose, null);
  }

  /** A SOAP 1.2 fault with HTTP 500 (WCF's status for every fault, wcf-wire.md §5). */
  static Expected fault12(String codeLocal, QName... subcodes) {
    return new Expected(500, S12, new QName(S12, codeLocal), Set.of(subcodes), null, false, false);
  }

  /** A SOAP 1.1 fault with HTTP 500. */
  static Expected fault11(QName code, QName... subcodes) {
    return new Expected(500, S11, code, Set.of(subcodes), null, false, false);
  }

  static Expected sender() {
    return fault12("Sender");
  }

  /** Only the status is checked (e.g. 415 with no body). */
  static Expected status(int status) {
    return new Expected(status, null, null, Set.of(), null, false, false);
  }

  /** A SOAP 1.2 answer without a fault. */
  static Expected processed() {
    return new Expected(200, S12, null, Set.of(), null, true, false);
  }

  Expected withSubsubcode(QName q) {
    return new Expected(status, soapNs, code, subcodes, q, ok, mayClose, expires);
  }

  /** Also requires the CreateSequenceResponse's Expires to be {@code granted} ("" for none). */
  Expected withExpires(String granted) {
    return new Expected(status, soapNs, code, subcodes, subsubcode, ok, mayClose, granted);
  }

  Expected orClosed() {
    return new Expected(status, soapNs, code, subcodes, subsubcode, ok, true, expires);
  }

  Expected withStatus(int s) {
    return new Expected(s, soapNs, code, subcodes, subsubcode, ok, mayClose, expires);
  }

  @Override
  public String toString() {
    if (ok) {
      return "200 OK" + (expires == null ? "" : expires.isEmpty() ? " without Expires" : " Expires " + expires);
    }
    return status
        + (code == null ? "" : " " + code.getLocalPart())
        + (subcodes.isEmpty() ? "" : " " + subcodes.stream().map(QName::getLocalPart).toList())
        + (mayClose ? " (or closed)" : "");
  }
}
