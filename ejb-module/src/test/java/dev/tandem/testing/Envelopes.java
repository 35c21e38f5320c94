package dev.tandem.testing;

/**
 * Request envelopes shaped as WCF sends them (see shared/reference/wcf-wire.md §4), for tests.
 * Test fixtures only: production code never builds XML from strings.
 */
public final class Envelopes {
  public static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm";
  public static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrm/200702";
  public static final String CALC = "http://Microsoft.ServiceModel.Samples";
  public static final String TO = "http://localhost:8080/servicemodelsamples/service.svc";

  /** Where the envelopes say they go (wsa:To); tests against a live server set its URL. */
  private static String to = TO;

  public static void to(String uri) {
    to = uri;
  }
  public static final String ANON = "http://www.w3.org/2005/08/addressing/anonymous";

  private Envelopes() {}

  public static String envelope(String rm, String headers, String body) {
    return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
        + " xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:r=\""
        + rm
        + "\"><s:Header>"
        + headers
        + "</s:Header><s:Body>"
        + body
        + "</s:Body></s:Envelope>";
  }

  public static String addressing(String action, String messageId) {
    return "<a:Action s:mustUnderstand=\"1\">"
        + action
        + "</a:Action>"
        + (messageId == null ? "" : "<a:MessageID>" + messageId + "</a:MessageID>")
        + "<a:ReplyTo><a:Address>"
        + ANON
        + "</a:Address></a:ReplyTo><a:To s:mustUnderstand=\"1\">"
        + to
        + "</a:To>";
  }

  public static String createSequence(String rm, String offerId, String messageId) {
    String offer =
        offerId == null
            ? ""
            : "<r:Offer><r:Identifier>"
                + offerId
                + "</r:Identifier>"
                + (rm.equals(RM11)
                    ? "<r:Endpoint><a:Address>"
                        + ANON
                        + "</a:Address></r:Endpoint><r:IncompleteSequenceBehavior>DiscardFollowingFirstGap</r:IncompleteSequenceBehavior>"
                    : "")
                + "</r:Offer>";
    return envelope(
        rm,
        addressing(rm + "/CreateSequence", messageId),
        "<r:CreateSequence><r:AcksTo><a:Address>"
            + ANON
            + "</a:Address></r:AcksTo>"
            + offer
            + "</r:CreateSequence>");
  }

  public static String sequence(String seqId, long n, boolean last) {
    return "<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>"
        + seqId
        + "</r:Identifier><r:MessageNumber>"
        + n
        + "</r:MessageNumber>"
        + (last ? "<r:LastMessage/>" : "")
        + "</r:Sequence>";
  }

  public static String calc(String rm, String seqId, long n, String op, String n1, String n2) {
    return envelope(
        rm,
        sequence(seqId, n, false)
            + "<r:AckRequested><r:Identifier>"
            + seqId
            + "</r:Identifier></r:AckRequested>"
            + addressing(CALC + "/ICalculator/" + op, "urn:uuid:m-" + seqId + "-" + n),
        "<"
            + op
            + " xmlns=\""
            + CALC
            + "\"><n1>"
            + n1
            + "</n1><n2>"
            + n2
            + "</n2></"
            + op
            + ">");
  }

  public static String lastMessage(String seqId, long n) {
    return envelope(
        RM10, sequence(seqId, n, true) + addressing(RM10 + "/LastMessage", "urn:uuid:last"), "");
  }

  public static String terminate(String rm, String seqId, String lastMsgNumber) {
    return envelope(
        rm,
        addressing(rm + "/TerminateSequence", "urn:uuid:term"),
        "<r:TerminateSequence><r:Identifier>"
            + seqId
            + "</r:Identifier>"
            + (lastMsgNumber == null ? "" : "<r:LastMsgNumber>" + lastMsgNumber + "</r:LastMsgNumber>")
            + "</r:TerminateSequence>");
  }

  public static String close(String seqId, long last) {
    return envelope(
        RM11,
        addressing(RM11 + "/CloseSequence", "urn:uuid:close"),
        "<r:CloseSequence><r:Identifier>"
            + seqId
            + "</r:Identifier><r:LastMsgNumber>"
            + last
            + "</r:LastMsgNumber></r:CloseSequence>");
  }
}
