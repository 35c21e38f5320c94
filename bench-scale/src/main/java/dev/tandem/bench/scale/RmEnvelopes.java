package dev.tandem.bench.scale;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * WS-RM 1.0 SOAP 1.2 request envelopes shaped as WCF sends them (the same as
 * web-module's test fixtures {@code dev.tandem.testing.Envelopes}): CreateSequence with an Offer,
 * and a Calculator Add in a Sequence with AckRequested. Returned as UTF-8 bytes.
 */
final class RmEnvelopes {
  static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  static final String CALC = "http://Microsoft.ServiceModel.Samples";
  static final String ANON = "http://www.w3.org/2005/08/addressing/anonymous";

  private final String to;

  /** @param to the endpoint's absolute URI, sent as wsa:To */
  RmEnvelopes(String to) {
    this.to = to;
  }

  private static String envelope(String headers, String body) {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:r=\"" + RM10 + "\">"
        + "<s:Header>" + headers + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
  }

  private String addressing(String action, String messageId) {
    return "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
        + "<a:MessageID>" + messageId + "</a:MessageID>"
        + "<a:ReplyTo><a:Address>" + ANON + "</a:Address></a:ReplyTo>"
        + "<a:To s:mustUnderstand=\"1\">" + to + "</a:To>";
  }

  /** A CreateSequence offering a fresh Identifier for the replies (the calculator needs one). */
  byte[] createSequence() {
    String offer = "urn:uuid:" + UUID.randomUUID();
    return bytes(envelope(
        addressing(RM10 + "/CreateSequence", "urn:uuid:" + UUID.randomUUID()),
        "<r:CreateSequence><r:AcksTo><a:Address>" + ANON + "</a:Address></r:AcksTo>"
            + "<r:Offer><r:Identifier>" + offer + "</r:Identifier></r:Offer></r:CreateSequence>"));
  }

  /** Message {@code n} of Sequence {@code seqId}: ICalculator/Add(n, 1), with AckRequested. */
  byte[] add(String seqId, long n) {
    return bytes(envelope(
        "<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>" + seqId + "</r:Identifier>"
            + "<r:MessageNumber>" + n + "</r:MessageNumber></r:Sequence>"
            + "<r:AckRequested><r:Identifier>" + seqId + "</r:Identifier></r:AckRequested>"
            + addressing(CALC + "/ICalculator/Add", "urn:uuid:m-" + seqId + "-" + n),
        "<Add xmlns=\"" + CALC + "\"><n1>" + n + "</n1><n2>1</n2></Add>"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
