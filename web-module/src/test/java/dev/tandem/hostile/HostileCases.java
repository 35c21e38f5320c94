package dev.tandem.hostile;

import static dev.tandem.hostile.Expected.S11;
import static dev.tandem.hostile.Expected.S12;
import static dev.tandem.testing.Envelopes.RM10;
import static dev.tandem.testing.Envelopes.RM11;

import dev.tandem.testing.Envelopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.xml.namespace.QName;

/**
 * Generates the hostile cases from valid WCF-shaped envelopes ({@link Envelopes}). The expected
 * answers come from the specs, not from Tandem: SOAP 1.2 Part 1 §5 and §5.4 (Sender for malformed
 * messages, VersionMismatch, MustUnderstand), SOAP 1.2 Part 2 §7 and SOAP 1.1 §6 (media types),
 * WS-Addressing 1.0 SOAP Binding §6.4 (InvalidAddressingHeader/InvalidCardinality,
 * MessageAddressingHeaderRequired, ActionNotSupported), WS-RM 1.1 §4 and February 2005 §4
 * (UnknownSequence, InvalidAcknowledgement, MessageNumberRollover — also for 2^63-1 itself,
 * LastMessageNumberExceeded, SequenceClosed, CreateSequenceRefused — also for an Expires that is not
 * an xs:duration or is negative, as WCF refuses a CreateSequence it cannot parse; a finite one is
 * granted and echoed (§3.4) —, WSRMRequired, also for an
 * application body whose only RM headers are acknowledgement headers), WS-Addressing 1.0 Core §3.4
 * (a request-reply message carries wsa:MessageID), WCF's dispatcher (DeserializationFailed for a body
 * that is not the request the Action names), HTTP (413, 408, 415) and WCF's habit of sending every
 * fault with HTTP 500 (wcf-wire.md §5).
 */
final class HostileCases {
  static final String WSA = "http://www.w3.org/2005/08/addressing";
  static final String WSA_2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
  static final String SOAP12_CT = "application/soap+xml; charset=utf-8";
  static final String SOAP11_CT = "text/xml; charset=utf-8";
  static final String CALC = Envelopes.CALC;
  /** tandem.limits.max-message-bytes as the suite's server runs it (the default, 4 MiB). */
  static final int LIMIT = 4 * 1024 * 1024;

  private final List<HostileCase> cases = new ArrayList<>();

  private HostileCases() {}

  /** All cases, in a fixed order. */
  static List<HostileCase> all() {
    HostileCases g = new HostileCases();
    g.truncations();
    for (String rm : List.of(RM10, RM11)) {
      g.missingParts(rm);
      g.messageNumbers(rm);
      g.acknowledgements(rm);
      g.duplicates(rm);
      g.requestShape(rm);
      g.expires(rm);
    }
    g.namespacesAndVersions();
    g.soapStructure();
    g.mediaTypes();
    g.encodings();
    g.dtdsAndEntities();
    g.nesting();
    g.deliveries();
    return List.copyOf(g.cases);
  }

  // ---------------------------------------------------------------- expected answers

  private static QName rm(String rmNs, String local) {
    return new QName(rmNs, local);
  }

  private static Expected rmFault(String rmNs, String local) {
    return Expected.fault12("Sender", rm(rmNs, local));
  }

  private static Expected wsa(String local) {
    return Expected.fault12("Sender", new QName(WSA, local));
  }

  // ---------------------------------------------------------------- valid templates

  private static String seqOf(Targets t, String rm) {
    return rm.equals(RM10) ? t.s10() : t.s11();
  }

  private static String offeredOf(Targets t, String rm) {
    return rm.equals(RM10) ? t.o10() : t.o11();
  }

  /** Add, message 2 of the target Sequence: executing it would show in the target's acks. */
  private static String add2(Targets t, String rm) {
    Envelopes.to(t.endpoint());
    return Envelopes.calc(rm, seqOf(t, rm), 2, "Add", "1", "2");
  }

  private static String headers(Targets t, String rm, String seqHeader, String extra) {
    Envelopes.to(t.endpoint());
    return seqHeader
        + extra
        + Envelopes.addressing(CALC + "/ICalculator/Add", "urn:uuid:" + java.util.UUID.randomUUID());
  }

  private static String addBody() {
    return "<Add xmlns=\"" + CALC + "\"><n1>1</n1><n2>2</n2></Add>";
  }

  private static String sequenceHeader(String id, String number) {
    return "<r:Sequence s:mustUnderstand=\"1\"><r:Identifier>"
        + id
        + "</r:Identifier><r:MessageNumber>"
        + number
        + "</r:MessageNumber></r:Sequence>";
  }

  private static String ack(String id, String ranges) {
    return "<r:SequenceAcknowledgement><r:Identifier>"
        + id
        + "</r:Identifier>"
        + ranges
        + "</r:SequenceAcknowledgement>";
  }

  private static String range(String lower, String upper) {
    return "<r:AcknowledgementRange Lower=\"" + lower + "\" Upper=\"" + upper + "\"/>";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void add(String group, String name, Function<Targets, String> xml, Expected e) {
    cases.add(new HostileCase(group, name, t -> utf8(xml.apply(t)), SOAP12_CT, Delivery.CLIENT, e));
  }

  private void addBytes(String group, String name, Function<Targets, byte[]> bytes, String ct, Delivery d, Expected e) {
    cases.add(new HostileCase(group, name, bytes, ct, d, e));
  }

  // ---------------------------------------------------------------- groups

  /** Valid envelopes cut short at 21 points each: never well-formed, so Sender (SOAP 1.2 §5.4.6). */
  private void truncations() {
    List<String> names = List.of("Add rm10", "Add rm11", "CreateSequence rm10", "CloseSequence rm11");
    List<Function<Targets, String>> templates =
        List.of(
            t -> add2(t, RM10),
            t -> add2(t, RM11),
            t -> {
              Envelopes.to(t.endpoint());
              return Envelopes.createSequence(RM10, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:cs");
            },
            t -> {
              Envelopes.to(t.endpoint());
              return Envelopes.close(t.s11(), 1);
            });
    for (int k = 0; k < templates.size(); k++) {
      Function<Targets, String> template = templates.get(k);
      for (int i = 0; i <= 20; i++) {
        final int step = i;
        String name = names.get(k) + (i == 20 ? " without its last byte" : " cut at " + (5 * i) + "%");
        addBytes(
            "truncated",
            name,
            t -> {
              byte[] full = utf8(template.apply(t));
              int cut = step == 20 ? full.length - 1 : full.length * step / 20;
              return java.util.Arrays.copyOf(full, cut);
            },
            SOAP12_CT,
            Delivery.CLIENT,
            Expected.sender());
      }
    }
  }

  /** Required headers or elements left out (WS-A §6.4.4, WS-RM schema: Sender). */
  private void missingParts(String rm) {
    String g = "missing " + (rm.equals(RM10) ? "rm10" : "rm11");
    add(g, "wsa:Action on Add", t -> add2(t, rm).replaceFirst("<a:Action[^>]*>[^<]*</a:Action>", ""),
        wsa("MessageAddressingHeaderRequired"));
    add(g, "wsa:Action on CreateSequence", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(rm, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:x")
          .replaceFirst("<a:Action[^>]*>[^<]*</a:Action>", "");
    }, wsa("MessageAddressingHeaderRequired"));
    add(g, "wsa:MessageID on CreateSequence", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(rm, "urn:uuid:" + java.util.UUID.randomUUID(), null);
    }, wsa("MessageAddressingHeaderRequired"));
    add(g, "the whole Header", t -> Envelopes.envelope(rm, "", addBody()).replace("<s:Header></s:Header>", ""),
        wsa("MessageAddressingHeaderRequired"));
    add(g, "Sequence/Identifier", t -> add2(t, rm).replaceFirst("<r:Identifier>[^<]*</r:Identifier><r:MessageNumber>", "<r:MessageNumber>"),
        Expected.sender());
    add(g, "Sequence/MessageNumber", t -> add2(t, rm).replaceFirst("<r:MessageNumber>2</r:MessageNumber>", ""),
        Expected.sender());
    add(g, "an empty Sequence/Identifier", t -> add2(t, rm).replaceFirst("<r:Identifier>[^<]*</r:Identifier><r:MessageNumber>", "<r:Identifier></r:Identifier><r:MessageNumber>"),
        Expected.sender());
    add(g, "the Body", t -> add2(t, rm).replaceFirst("<s:Body>.*</s:Body>", ""), Expected.sender());
    add(g, "Header and Body", t -> "<s:Envelope xmlns:s=\"" + S12 + "\"/>", Expected.sender());
    add(g, "CreateSequence/AcksTo", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(rm, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:x")
          .replaceFirst("<r:AcksTo>.*?</r:AcksTo>", "");
    }, Expected.sender());
    add(g, "CreateSequence/Offer (two-way contract, WCF B1111)", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(rm, null, "urn:uuid:x");
    }, rmFault(rm, "CreateSequenceRefused"));
    add(g, "Offer/Identifier", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(rm, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:x")
          .replaceFirst("<r:Offer><r:Identifier>[^<]*</r:Identifier>", "<r:Offer>");
    }, Expected.sender());
    add(g, "TerminateSequence/Identifier", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.terminate(rm, seqOf(t, rm), null).replaceFirst("<r:Identifier>[^<]*</r:Identifier>", "");
    }, Expected.sender());
    add(g, "AckRequested/Identifier", t -> add2(t, rm).replaceFirst("<r:AckRequested><r:Identifier>[^<]*</r:Identifier>", "<r:AckRequested>"),
        Expected.sender());
    add(g, "SequenceAcknowledgement/Identifier", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2"), ack("", range("1", "1")).replace("<r:Identifier></r:Identifier>", "")), addBody()),
        Expected.sender());
    add(g, "a known Identifier on Sequence (unknown Sequence)", t -> add2(t, rm).replace(seqOf(t, rm), "urn:uuid:" + java.util.UUID.randomUUID()),
        rmFault(rm, "UnknownSequence"));
    add(g, "a known Identifier on TerminateSequence", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.terminate(rm, "urn:uuid:" + java.util.UUID.randomUUID(), null);
    }, rmFault(rm, "UnknownSequence"));
    add(g, "a known Identifier on AckRequested", t -> Envelopes.envelope(rm,
        "<r:AckRequested><r:Identifier>urn:uuid:" + java.util.UUID.randomUUID() + "</r:Identifier></r:AckRequested>"
            + Envelopes.addressing(rm + "/AckRequested", "urn:uuid:ar"), ""),
        rmFault(rm, "UnknownSequence"));
    add(g, "the Sequence of the other RM version", t -> add2(t, rm).replace(seqOf(t, rm), seqOf(t, rm.equals(RM10) ? RM11 : RM10)),
        rmFault(rm, "UnknownSequence"));
    add(g, "an unsupported Action (Power)", t -> add2(t, rm).replace("/ICalculator/Add<", "/ICalculator/Power<"),
        wsa("ActionNotSupported"));
  }

  /** MessageNumber is 1..2^63-1 (WS-RM schema); 2^63-1 and beyond: MessageNumberRollover (1.1 §4.5). */
  private void messageNumbers(String rm) {
    String g = "message number " + (rm.equals(RM10) ? "rm10" : "rm11");
    String[][] numbers = {
      {"0", null}, {"-1", null}, {"-9223372036854775808", null},
      {"9223372036854775807", "MessageNumberRollover"}, {"9223372036854775808", "MessageNumberRollover"},
      {"18446744073709551615", "MessageNumberRollover"}, {"99999999999999999999999999999999", "MessageNumberRollover"},
      {"1.5", null}, {"1e3", null}, {"0x10", null}, {"two", null}, {"", null},
      {"\u0663", null}, {"\uff12", null}, {"2 3", null},
    };
    for (String[] n : numbers) {
      add(g, "MessageNumber '" + n[0] + "'",
          t -> add2(t, rm).replace("<r:MessageNumber>2</r:MessageNumber>", "<r:MessageNumber>" + n[0] + "</r:MessageNumber>"),
          n[1] == null ? Expected.sender() : rmFault(rm, n[1]));
    }
    if (rm.equals(RM10)) {
      add(g, "MessageNumber 3 after LastMessage 2", t -> add2(t, rm).replace(t.s10(), t.s10Last()).replace("<r:MessageNumber>2<", "<r:MessageNumber>3<"),
          rmFault(rm, "LastMessageNumberExceeded"));
      add(g, "MessageNumber 1000 after LastMessage 2", t -> add2(t, rm).replace(t.s10(), t.s10Last()).replace("<r:MessageNumber>2<", "<r:MessageNumber>1000<"),
          rmFault(rm, "LastMessageNumberExceeded"));
      // After the client's TerminateSequence: "an unknown or terminated Sequence identifier" (WS-RM
      // 1.1 §4.4), as WCF answers once the session is gone.
      add(g, "a message to a terminated Sequence", t -> add2(t, rm).replace(t.s10(), t.s10Terminated()),
          rmFault(rm, "UnknownSequence"));
    } else {
      add(g, "MessageNumber 2 after CloseSequence at 1", t -> add2(t, rm).replace(t.s11(), t.s11Closed()),
          rmFault(rm, "SequenceClosed"));
      add(g, "CloseSequence LastMsgNumber 'x'", t -> {
        Envelopes.to(t.endpoint());
        return Envelopes.close(t.s11(), 1).replace("<r:LastMsgNumber>1<", "<r:LastMsgNumber>x<");
      }, Expected.sender());
    }
  }

  /** Acknowledgements for the offered reply Sequence, of which Tandem sent only message 1. */
  private void acknowledgements(String rm) {
    String g = "acknowledgement " + (rm.equals(RM10) ? "rm10" : "rm11");
    String[][] ranges = {
      {"1", "2", "InvalidAcknowledgement"}, {"2", "2", "InvalidAcknowledgement"},
      {"1", "9223372036854775807", "InvalidAcknowledgement"}, {"3", "5", "InvalidAcknowledgement"},
      {"5", "3", null}, {"0", "3", null}, {"-1", "1", null}, {"1", "99999999999999999999", null}, {"1", "x", null},
    };
    for (String[] r : ranges) {
      add(g, "piggy-backed on Add: range " + r[0] + ".." + r[1],
          t -> Envelopes.envelope(rm, headers(t, rm, sequenceHeader(seqOf(t, rm), "2"), ack(offeredOf(t, rm), range(r[0], r[1]))), addBody()),
          r[2] == null ? Expected.sender() : rmFault(rm, r[2]));
    }
    add(g, "standalone SequenceAcknowledgement 1..2", t -> Envelopes.envelope(rm,
        ack(offeredOf(t, rm), range("1", "2")) + Envelopes.addressing(rm + "/SequenceAcknowledgement", null), ""),
        rmFault(rm, "InvalidAcknowledgement"));
    add(g, "for an unknown Sequence", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2"), ack("urn:uuid:" + java.util.UUID.randomUUID(), range("1", "1"))), addBody()),
        rmFault(rm, "UnknownSequence"));
    add(g, "BufferRemaining -1", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2"),
            ack(offeredOf(t, rm), range("1", "1") + "<netrm:BufferRemaining xmlns:netrm=\"http://schemas.microsoft.com/ws/2006/05/rm\">-1</netrm:BufferRemaining>")),
        addBody()), Expected.sender());
    add(g, "BufferRemaining 2^40", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2"),
            ack(offeredOf(t, rm), range("1", "1") + "<netrm:BufferRemaining xmlns:netrm=\"http://schemas.microsoft.com/ws/2006/05/rm\">1099511627776</netrm:BufferRemaining>")),
        addBody()), Expected.sender());
    add(g, "Nack 'x'", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2"), ack(offeredOf(t, rm), "<r:Nack>x</r:Nack>")), addBody()),
        Expected.sender());
  }

  /**
   * Application requests that must be refused before anything is stored or executed: a request-reply
   * operation without wsa:MessageID (WS-A 1.0 Core §3.4; SOAP Binding §6.4.4
   * MessageAddressingHeaderRequired), a body that is another operation's request (WCF dispatches by
   * Action: its dispatcher's DeserializationFailed, Sender), and an application body whose only RM
   * headers are AckRequested or SequenceAcknowledgement (WS-RM 1.1 §4.9 WSRMRequired, as for a
   * message without RM headers, rather than an acknowledgement that drops the body).
   */
  private void requestShape(String rm) {
    String g = "request " + (rm.equals(RM10) ? "rm10" : "rm11");
    add(g, "request-reply Add without wsa:MessageID",
        t -> add2(t, rm).replaceFirst("<a:MessageID>[^<]*</a:MessageID>", ""),
        wsa("MessageAddressingHeaderRequired"));
    add(g, "wsa:MessageID on TerminateSequence" + (rm.equals(RM11) ? "" : " (one-way in February 2005)"),
        t -> {
          Envelopes.to(t.endpoint());
          // An unknown Identifier: the February 2005 message passes the MessageID check and is then
          // UnknownSequence; the target Sequences stay untouched either way.
          return Envelopes.terminate(rm, "urn:uuid:" + java.util.UUID.randomUUID(), null)
              .replaceFirst("<a:MessageID>[^<]*</a:MessageID>", "");
        },
        rm.equals(RM11) ? wsa("MessageAddressingHeaderRequired") : rmFault(rm, "UnknownSequence"));
    QName deserializationFailed =
        new QName("http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher",
            "DeserializationFailed");
    add(g, "Action Add with a Multiply body",
        t -> add2(t, rm).replace("<Add xmlns", "<Multiply xmlns").replace("</Add>", "</Multiply>"),
        Expected.fault12("Sender", deserializationFailed));
    add(g, "Action Multiply with an Add body",
        t -> add2(t, rm).replace("/ICalculator/Add<", "/ICalculator/Multiply<"),
        Expected.fault12("Sender", deserializationFailed));
    add(g, "Action Add with an empty Body",
        t -> add2(t, rm).replaceFirst("<Add xmlns.*</Add>", ""),
        Expected.fault12("Sender", deserializationFailed));
    add(g, "Add with AckRequested but no Sequence header",
        t -> Envelopes.envelope(rm, headers(t, rm, "",
            "<r:AckRequested><r:Identifier>" + seqOf(t, rm) + "</r:Identifier></r:AckRequested>"), addBody()),
        rmFault(RM11, "WSRMRequired"));
    add(g, "Add with a SequenceAcknowledgement but no Sequence header",
        t -> Envelopes.envelope(rm, headers(t, rm, "", ack(offeredOf(t, rm), range("1", "1"))), addBody()),
        rmFault(RM11, "WSRMRequired"));
    add(g, "SequenceAcknowledgement Action without the header, with an Add body",
        t -> Envelopes.envelope(rm, "", addBody()).replace("<s:Header></s:Header>",
            "<s:Header>" + Envelopes.addressing(rm + "/SequenceAcknowledgement", "urn:uuid:" + java.util.UUID.randomUUID()) + "</s:Header>"),
        rm.equals(RM11) ? rmFault(RM11, "WSRMRequired") : wsa("ActionNotSupported"));
  }

  /**
   * CreateSequence/Expires and Offer/Expires are xs:duration (WS-RM 1.1 §3.4, February 2005 §3.4);
   * anything else is a CreateSequence the RM Destination cannot parse, which WCF refuses with
   * CreateSequenceRefused, and so is a negative one. A finite one is granted: the response's Expires
   * is the shorter of Expires and Offer/Expires. PT0S ("never") is accepted without Expires.
   */
  private void expires(String rm) {
    String g = "expires " + (rm.equals(RM10) ? "rm10" : "rm11");
    for (String bad : List.of("tomorrow", "P1X", "", "PT", "1D", "-PT5S", "P1DT", ".5S", "١D")) {
      add(g, "CreateSequence/Expires '" + bad + "'", t -> createSequenceWithExpires(t, rm, bad, null),
          rmFault(rm, "CreateSequenceRefused"));
    }
    add(g, "Offer/Expires 'never'", t -> createSequenceWithExpires(t, rm, null, "never"),
        rmFault(rm, "CreateSequenceRefused"));
    // A finite Expires is granted as asked, echoed as java.time.Duration writes it (an xs:duration);
    // PT1.S is a duration in XSD 1.1, which the JDK's parser follows.
    for (String[] finite : List.of(
        new String[] {"P1D", "PT24H"}, new String[] {" PT10M ", "PT10M"},
        new String[] {"PT0.5S", "PT0.5S"}, new String[] {"PT1.S", "PT1S"})) {
      add(g, "CreateSequence/Expires '" + finite[0] + "' (finite; granted)",
          t -> createSequenceWithExpires(t, rm, finite[0], null),
          Expected.processed().withExpires(finite[1]));
    }
    // The session ends as a whole: an offered Sequence expiring first ends it then.
    add(g, "Offer/Expires 'PT1H' (finite; granted)", t -> createSequenceWithExpires(t, rm, null, "PT1H"),
        Expected.processed().withExpires("PT1H"));
    add(g, "Expires 'PT2H', Offer/Expires 'PT1H' (the shorter granted)",
        t -> createSequenceWithExpires(t, rm, "PT2H", "PT1H"),
        Expected.processed().withExpires("PT1H"));
    for (String never : List.of("PT0S", " P0D ", "P0Y0M0DT0H0M0.000S")) {
      add(g, "CreateSequence/Expires '" + never + "' (never; accepted)", t -> createSequenceWithExpires(t, rm, never, never),
          Expected.processed().withExpires(""));
    }
  }

  private static String createSequenceWithExpires(Targets t, String rm, String expires, String offerExpires) {
    Envelopes.to(t.endpoint());
    String cs = Envelopes.createSequence(rm, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:" + java.util.UUID.randomUUID());
    if (expires != null) {
      cs = cs.replace("</r:AcksTo>", "</r:AcksTo><r:Expires>" + expires + "</r:Expires>");
    }
    if (offerExpires != null) {
      String after = rm.equals(RM11) ? "</r:Endpoint>" : "</r:Identifier></r:Offer>";
      String element = "<r:Expires>" + offerExpires + "</r:Expires>";
      cs = cs.replace(after, rm.equals(RM11) ? after + element : "</r:Identifier>" + element + "</r:Offer>");
    }
    return cs;
  }

  /** WS-A 1.0 SOAP Binding §6.4.1 (InvalidCardinality); a second wsrm:Sequence is a malformed message. */
  private void duplicates(String rm) {
    String g = "duplicate " + (rm.equals(RM10) ? "rm10" : "rm11");
    for (String h : List.of("Action", "MessageID", "To", "ReplyTo")) {
      add(g, "wsa:" + h, t -> {
        String env = add2(t, rm);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<a:" + h + "[ >].*?</a:" + h + ">").matcher(env);
        m.find();
        return env.replace(m.group(), m.group() + m.group());
      }, wsa("InvalidAddressingHeader").withSubsubcode(new QName(WSA, "InvalidCardinality")));
    }
    add(g, "wsrm:Sequence, same Identifier", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2") + sequenceHeader(seqOf(t, rm), "3"), ""), addBody()),
        Expected.sender());
    add(g, "wsrm:Sequence, another Sequence's Identifier", t -> Envelopes.envelope(rm,
        headers(t, rm, sequenceHeader(seqOf(t, rm), "2") + sequenceHeader("urn:uuid:" + java.util.UUID.randomUUID(), "1"), ""), addBody()),
        Expected.sender());
  }

  /** SOAP 1.2 Part 1 §5.4.7 VersionMismatch; wrong WS-RM / WS-A namespaces. */
  private void namespacesAndVersions() {
    String g = "namespace";
    for (String ns : List.of("http://www.w3.org/2001/12/soap-envelope", S12 + "/", "urn:example:envelope", "")) {
      add(g, "Envelope in namespace '" + ns + "'", t -> add2(t, RM10).replace("xmlns:s=\"" + S12 + "\"", "xmlns:s=\"" + ns + "\"")
          .replace("<s:", "<e:").replace("</s:", "</e:").replace("s:mustUnderstand", "e:mustUnderstand")
          .replace("xmlns:s=", "xmlns:e="), ns.isEmpty() ? Expected.sender() : Expected.fault12("VersionMismatch"));
    }
    add(g, "Envelope without any namespace", t -> "<Envelope><Header/><Body>" + addBody() + "</Body></Envelope>",
        Expected.fault12("VersionMismatch"));
    add(g, "root element Envelop", t -> add2(t, RM10).replace("<s:Envelope ", "<s:Envelop ").replace("</s:Envelope>", "</s:Envelop>"),
        Expected.fault12("VersionMismatch"));
    add(g, "root element html", t -> "<html><body><p>hello</p></body></html>", Expected.fault12("VersionMismatch"));
    add(g, "SOAP 1.1 envelope as application/soap+xml", t -> add2(t, RM10).replace(S12, S11),
        Expected.fault12("VersionMismatch"));
    addBytes(g, "SOAP 1.2 envelope as text/xml", t -> utf8(add2(t, RM10)), SOAP11_CT, Delivery.CLIENT,
        Expected.fault11(new QName(S11, "VersionMismatch")));
    add(g, "SOAP 1.2 Body in another namespace", t -> add2(t, RM10).replace("<s:Body>", "<x:Body xmlns:x=\"urn:x\">").replace("</s:Body>", "</x:Body>"),
        Expected.sender());
    add(g, "SOAP 1.2 Header in another namespace", t -> add2(t, RM10).replace("<s:Header>", "<x:Header xmlns:x=\"urn:x\">").replace("</s:Header>", "</x:Header>"),
        Expected.sender());
    add(g, "WS-RM in an unknown namespace, Sequence mustUnderstand", t -> add2(t, RM10).replace("xmlns:r=\"" + RM10 + "\"", "xmlns:r=\"" + RM10 + "x\""),
        Expected.fault12("MustUnderstand"));
    add(g, "WS-RM in an unknown namespace, no mustUnderstand", t -> add2(t, RM10).replace("xmlns:r=\"" + RM10 + "\"", "xmlns:r=\"" + RM10 + "x\"")
        .replace("<r:Sequence s:mustUnderstand=\"1\">", "<r:Sequence>"), rmFault(RM11, "WSRMRequired"));
    add(g, "WS-Addressing 2004/08 (mustUnderstand Action)", t -> add2(t, RM10).replace("xmlns:a=\"" + WSA + "\"", "xmlns:a=\"" + WSA_2004 + "\""),
        Expected.fault12("MustUnderstand"));
    add(g, "WS-Addressing 2004/08 without mustUnderstand", t -> add2(t, RM10).replace("xmlns:a=\"" + WSA + "\"", "xmlns:a=\"" + WSA_2004 + "\"")
        .replace(" s:mustUnderstand=\"1\">" + CALC, ">" + CALC).replace("<a:To s:mustUnderstand=\"1\">", "<a:To>"),
        wsa("MessageAddressingHeaderRequired"));
    add(g, "CreateSequence body of WS-RM 1.1 under the February 2005 Action", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(RM11, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:x")
          .replace(RM11 + "/CreateSequence<", RM10 + "/CreateSequence<");
    }, wsa("ActionNotSupported"));
  }

  /** SOAP 1.2 Part 1 §5 (no processing instructions, Envelope = [Header] Body) and §5.4.8. */
  private void soapStructure() {
    String g = "soap structure";
    add(g, "processing instruction in the Header", t -> add2(t, RM10).replace("<s:Header>", "<s:Header><?evil x?>"), Expected.sender());
    add(g, "processing instruction before the Envelope", t -> "<?xml-stylesheet href=\"x\"?>" + add2(t, RM10), Expected.sender());
    add(g, "two Bodies", t -> add2(t, RM10).replace("</s:Body>", "</s:Body><s:Body/>"), Expected.sender());
    add(g, "Body before Header", t -> {
      String e = add2(t, RM10);
      String header = e.substring(e.indexOf("<s:Header>"), e.indexOf("</s:Header>") + 11);
      return e.replace(header, "").replace("</s:Body>", "</s:Body>" + header);
    }, Expected.sender());
    add(g, "element after the Body", t -> add2(t, RM10).replace("</s:Body>", "</s:Body><x xmlns=\"urn:x\"/>"), Expected.sender());
    add(g, "text in the Envelope", t -> add2(t, RM10).replace("<s:Header>", "garbage<s:Header>"), Expected.sender());
    add(g, "unknown header, mustUnderstand=1", t -> add2(t, RM10).replace("<s:Header>", "<s:Header><x:Policy xmlns:x=\"urn:x\" s:mustUnderstand=\"1\"/>"),
        Expected.fault12("MustUnderstand"));
    add(g, "unknown header, mustUnderstand=true, role next", t -> add2(t, RM10).replace("<s:Header>",
        "<s:Header><x:Policy xmlns:x=\"urn:x\" s:mustUnderstand=\"true\" s:role=\"" + S12 + "/role/next\"/>"),
        Expected.fault12("MustUnderstand"));
    add(g, "unknown header, mustUnderstand=yes", t -> add2(t, RM10).replace("<s:Header>", "<s:Header><x:Policy xmlns:x=\"urn:x\" s:mustUnderstand=\"yes\"/>"),
        Expected.sender());
    add(g, "WS-RM 1.1 UsesSequenceSTR, mustUnderstand", t -> {
      Envelopes.to(t.endpoint());
      return Envelopes.createSequence(RM11, "urn:uuid:" + java.util.UUID.randomUUID(), "urn:uuid:x")
          .replace("<s:Header>", "<s:Header><r:UsesSequenceSTR s:mustUnderstand=\"1\"/>");
    }, Expected.fault12("MustUnderstand"));
    addBytes(g, "SOAP 1.1: unknown header, mustUnderstand=1", t -> utf8(add2(t, RM10).replace(S12, S11)
        .replace("<s:Header>", "<s:Header><x:Policy xmlns:x=\"urn:x\" s:mustUnderstand=\"1\"/>")),
        SOAP11_CT, Delivery.CLIENT, Expected.fault11(new QName(S11, "MustUnderstand")));
    // Legitimate variations that must still be executed, on a Sequence of their own.
    add(g, "unknown header, mustUnderstand=1 for role none (ignored)", t -> Envelopes.calc(RM10, t.fresh().apply(RM10), 1, "Add", "1", "2")
        .replace("<s:Header>", "<s:Header><x:Policy xmlns:x=\"urn:x\" s:mustUnderstand=\"1\" s:role=\"" + S12 + "/role/none\"/>"), Expected.processed());
    add(g, "unknown header without mustUnderstand (ignored)", t -> Envelopes.calc(RM11, t.fresh().apply(RM11), 1, "Add", "1", "2")
        .replace("<s:Header>", "<s:Header><x:Trace xmlns:x=\"urn:x\">abc</x:Trace>"), Expected.processed());
  }

  /** SOAP 1.2 Part 2 §7.1.4 / SOAP 1.1 §6.1.1: application/soap+xml or text/xml; WCF: 415. */
  private void mediaTypes() {
    String g = "media type";
    java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
    types.put("none", null);
    types.put("application/json", "application/json");
    types.put("text/plain", "text/plain; charset=utf-8");
    types.put("application/xml", "application/xml");
    types.put("MTOM multipart/related", "multipart/related; type=\"application/xop+xml\"; start-info=\"application/soap+xml\"; boundary=x");
    types.put("application/soap+xmlx", "application/soap+xmlx");
    types.put("application/x-www-form-urlencoded", "application/x-www-form-urlencoded");
    types.forEach((name, ct) -> addBytes(g, name, t -> utf8(add2(t, RM10)), ct, Delivery.CLIENT, Expected.status(415)));
  }

  /** Bytes that are not the encoding they claim: not well-formed, Sender. */
  private void encodings() {
    String g = "encoding";
    add(g, "declared UTF-16, sent as UTF-8", t -> "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + add2(t, RM10), Expected.sender());
    add(g, "declared x-no-such-charset", t -> "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>" + add2(t, RM10), Expected.sender());
    String[][] badBytes = {
      {"invalid UTF-8 (C3 28)", "c328"}, {"overlong UTF-8 slash (C0 AF)", "c0af"}, {"UTF-8 encoded surrogate (ED A0 80)", "eda080"},
      {"NUL byte", "00"}, {"Latin-1 e-acute undeclared", "e9"}, {"lone continuation byte", "80"},
    };
    for (String[] b : badBytes) {
      addBytes(g, b[0] + " in n1", t -> splice(add2(t, RM10), "<n1>1", java.util.HexFormat.of().parseHex(b[1])),
          SOAP12_CT, Delivery.CLIENT, Expected.sender());
    }
    add(g, "character reference &#0;", t -> add2(t, RM10).replace("<n1>1", "<n1>&#0;1"), Expected.sender());
    add(g, "character reference &#x1; (XML 1.0)", t -> add2(t, RM10).replace("<n1>1", "<n1>&#x1;1"), Expected.sender());
    addBytes(g, "UTF-32 BOM before UTF-8", t -> concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, utf8(add2(t, RM10))),
        SOAP12_CT, Delivery.CLIENT, Expected.sender());
    addBytes(g, "UTF-16LE without BOM or declaration", t -> add2(t, RM10).getBytes(StandardCharsets.UTF_16LE),
        SOAP12_CT, Delivery.CLIENT, Expected.sender());
    // A legitimate encoding: UTF-16 with BOM and declaration is executed.
    addBytes(g, "UTF-16 with BOM and declaration (valid)", t -> ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
        + Envelopes.calc(RM10, t.fresh().apply(RM10), 1, "Add", "1", "2")).getBytes(StandardCharsets.UTF_16),
        "application/soap+xml; charset=utf-16", Delivery.CLIENT, Expected.processed());
  }

  /** SOAP 1.2 Part 1 §5: no DTD, so no XXE and no entity expansion. */
  private void dtdsAndEntities() {
    String g = "dtd";
    String[][] dtds = {
      {"XXE file:///etc/passwd", "<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;"},
      {"XXE http to a local port", "<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>", "&x;"},
      {"external parameter entity", "<!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>", "1"},
      {"billion laughs", laughs(), "&l9;"},
      {"quadratic blow-up", "<!DOCTYPE s:Envelope [<!ENTITY q \"" + "q".repeat(50_000) + "\">]>", "&q;".repeat(2_000)},
      {"internal subset without entities", "<!DOCTYPE s:Envelope [<!ELEMENT s:Envelope ANY>]>", "1"},
      {"external DTD by public id", "<!DOCTYPE s:Envelope PUBLIC \"-//X//DTD X//EN\" \"http://127.0.0.1:1/x.dtd\">", "1"},
    };
    for (String[] d : dtds) {
      add(g, d[0], t -> "<?xml version=\"1.0\"?>" + d[1] + add2(t, RM10).replace("<n1>1</n1>", "<n1>" + d[2] + "</n1>"), Expected.sender());
    }
    add(g, "undeclared entity reference", t -> add2(t, RM10).replace("<n1>1", "<n1>&undeclared;"), Expected.sender());
  }

  private static String laughs() {
    StringBuilder b = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      b.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    return b.append("]>").toString();
  }

  /** Parser limits: depth 256 (SecureXml), the JDK's attribute and name limits. */
  private void nesting() {
    String g = "nesting";
    for (int depth : new int[] {300, 100_000}) {
      add(g, depth + " nested elements in the Body", t -> add2(t, RM10).replace("<n1>1</n1>", "<x>".repeat(depth) + "</x>".repeat(depth) + "<n1>1</n1>"),
          Expected.sender());
    }
    add(g, "300 nested elements in a header", t -> add2(t, RM10).replace("<s:Header>", "<s:Header><h xmlns=\"urn:x\">" + "<x>".repeat(300) + "</x>".repeat(300) + "</h>"),
        Expected.sender());
    add(g, "20000 attributes on one element", t -> {
      StringBuilder attrs = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        attrs.append(" a").append(i).append("=\"1\"");
      }
      return add2(t, RM10).replace("<n1>1", "<n1" + attrs + ">1");
    }, Expected.sender());
    add(g, "an element name of 100000 characters", t -> add2(t, RM10).replace("<n1>1</n1>", "<" + "n".repeat(100_000) + "/><n1>1</n1>"),
        Expected.sender());
  }

  /** HTTP deliveries: oversized (413), stalled or too slow (408), broken framing (400 or closed). */
  private void deliveries() {
    String g = "delivery";
    Function<Targets, byte[]> fifty = t -> padded(add2(t, RM10), 50 * 1024 * 1024);
    Expected tooLarge = new Expected(413, S12, new QName(S12, "Sender"), java.util.Set.of(), null, false, false);
    addBytes(g, "50 MB with Content-Length", fifty, SOAP12_CT, Delivery.FIXED, tooLarge);
    addBytes(g, "50 MB chunked", fifty, SOAP12_CT, Delivery.chunked(65536), tooLarge.orClosed());
    addBytes(g, "limit + 1 byte with Content-Length", t -> padded(add2(t, RM10), LIMIT + 1), SOAP12_CT, Delivery.FIXED, tooLarge);
    addBytes(g, "limit + 1 byte chunked", t -> padded(add2(t, RM10), LIMIT + 1), SOAP12_CT, Delivery.chunked(8192), tooLarge);
    addBytes(g, "50 MB with Content-Length via the HTTP client", fifty, SOAP12_CT, Delivery.CLIENT, tooLarge.orClosed());
    addBytes(g, "limit + 1 MiB via the HTTP client (HTTP/2 after its h2c upgrade)", t -> padded(add2(t, RM10), LIMIT + (1 << 20)),
        SOAP12_CT, Delivery.CLIENT, tooLarge);
    Expected timeout = new Expected(408, S12, new QName(S12, "Sender"), java.util.Set.of(), null, false, true);
    addBytes(g, "stalled after 100 of its bytes", t -> utf8(add2(t, RM10)), SOAP12_CT, Delivery.stall(100), timeout);
    addBytes(g, "stalled after its head (no body byte)", t -> utf8(add2(t, RM10)), SOAP12_CT, Delivery.stall(0), timeout);
    addBytes(g, "dripped 1 byte a second (slower than the body deadline)", t -> utf8(add2(t, RM10)), SOAP12_CT, Delivery.drip(1, 1000), timeout);
    addBytes(g, "dripped 64 bytes every 100 ms (slow but in time, valid)", t -> utf8(Envelopes.calc(RM11, t.fresh().apply(RM11), 1, "Add", "1", "2")),
        SOAP12_CT, Delivery.drip(64, 100), Expected.processed());
    addBytes(g, "chunked in 7-byte chunks (valid)", t -> utf8(Envelopes.calc(RM10, t.fresh().apply(RM10), 1, "Add", "1", "2")),
        SOAP12_CT, Delivery.chunked(7), Expected.processed());
    addBytes(g, "Content-Length shorter than the body", t -> {
      byte[] body = utf8(add2(t, RM10));
      return rawRequest(t, "Content-Length: " + (body.length / 2), body);
    }, null, Delivery.RAW, Expected.sender());
    addBytes(g, "h2c upgrade on a new connection (valid, the JDK HttpClient's default)",
        t -> utf8(Envelopes.calc(RM11, t.fresh().apply(RM11), 1, "Add", "1", "2")), SOAP12_CT, Delivery.H2C_UPGRADE,
        Expected.processed());
    addBytes(g, "negative Content-Length", t -> rawRequest(t, "Content-Length: -5", utf8(add2(t, RM10))), null, Delivery.RAW,
        Expected.status(400).orClosed());
    addBytes(g, "invalid chunk size", t -> rawRequest(t, "Transfer-Encoding: chunked", utf8("zz\r\n<s:Envelope/>\r\n0\r\n\r\n")), null, Delivery.RAW,
        Expected.status(400).orClosed());
  }

  // ---------------------------------------------------------------- byte helpers

  private static byte[] rawRequest(Targets t, String framing, byte[] body) {
    java.net.URI u = java.net.URI.create(t.endpoint());
    String head = "POST " + u.getPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
        + "\r\nContent-Type: " + SOAP12_CT + "\r\n" + framing + "\r\nConnection: close\r\n\r\n";
    return concat(utf8(head), body);
  }

  /** A valid envelope followed by white space up to {@code size} bytes (well-formed, just huge). */
  static byte[] padded(String envelope, int size) {
    byte[] e = utf8(envelope);
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) ' ');
    System.arraycopy(e, 0, b, 0, e.length);
    return b;
  }

  private static byte[] splice(String xml, String after, byte[] inserted) {
    byte[] b = utf8(xml);
    int at = xml.indexOf(after) + after.length(); // ASCII up to here
    byte[] out = new byte[b.length + inserted.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(b, at, out, at + inserted.length, b.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
