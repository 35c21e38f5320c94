package dev.tandem.rm.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An address a client gives Tandem for messages travelling back to it — {@code wsa:ReplyTo},
 * {@code wsa:FaultTo}, {@code wsrm:AcksTo}, {@code wsrm:Offer/wsrm:Endpoint} — sorted by what Tandem
 * can do with it. Only the syntax is judged here; where an addressable URI may point is {@code
 * dev.tandem.engine.CallbackPolicy}'s business.
 *
 * <p>Why it matters: Tandem POSTs callbacks to the address it stores, and a value the JDK's HTTP
 * client cannot take (a {@code urn:}, {@code mailto:}, a relative or malformed URI) used to fail only
 * at send time, after the sender had taken one of its in-flight slots (issue #14).
 *
 * @param kind what the address is
 * @param address the address as received (trimmed)
 * @param uri the parsed URI for {@link Kind#ADDRESSABLE}, else null
 * @param problem why the address is {@link Kind#INVALID} (for the fault's reason), else null
 */
public record CallbackAddress(Kind kind, String address, URI uri, String problem) {

  /** WS-Addressing 1.0 Core §2.1: "no address; the message is not to be sent". */
  public static final String NONE = Addressing.NS + "/none";

  /**
   * The anonymous URI of the WS-Addressing 2004/08 submission, which WCF's February 2005 stack
   * (WSHttpBinding with {@code MessageVersion.Soap12WSAddressingAugust2004}) puts in AcksTo: it means
   * the back channel as {@link Addressing#ANONYMOUS} does, and must never be POSTed to.
   */
  public static final String ANONYMOUS_2004 =
      "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

  /** Prefix of a WS-MakeConnection 1.1 anonymous URI (§3.1); the id after it is checked elsewhere. */
  public static final String MAKE_CONNECTION_PREFIX =
      "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=";

  /** What an address lets Tandem do. */
  public enum Kind {
    /** WS-A anonymous (1.0 or 2004/08): answers travel on the HTTP response. */
    ANONYMOUS,
    /** WS-A None: nothing is to be sent back (legal for ReplyTo and FaultTo only). */
    NONE,
    /** A WS-MakeConnection anonymous URI: messages wait for the client's poll, nothing is POSTed. */
    MAKE_CONNECTION,
    /** An absolute {@code http}/{@code https} URI with a host: Tandem may POST to it. */
    ADDRESSABLE,
    /** Anything else: refused where it enters. */
    INVALID
  }

  /**
   * Sorts {@code address}.
   *
   * @param address the text of a {@code wsa:Address}; null (an EPR without Address) is INVALID
   * @return the address and its kind; never null
   */
  public static CallbackAddress of(String address) {
    if (address == null || address.isBlank()) {
      return invalid(address == null ? "" : address, "the address is empty");
    }
    String a = address.trim();
    if (Addressing.ANONYMOUS.equals(a) || ANONYMOUS_2004.equals(a)) {
      return new CallbackAddress(Kind.ANONYMOUS, a, null, null);
    }
    if (NONE.equals(a)) {
      return new CallbackAddress(Kind.NONE, a, null, null);
    }
    if (a.startsWith(MAKE_CONNECTION_PREFIX)) {
      return new CallbackAddress(Kind.MAKE_CONNECTION, a, null, null);
    }
    URI uri;
    try {
      uri = new URI(a);
    } catch (URISyntaxException e) {
      return invalid(a, "it is not a URI (" + e.getReason() + ")");
    }
    if (!uri.isAbsolute()) {
      return invalid(a, "it is a relative URI");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return invalid(a, "its scheme is " + uri.getScheme() + ", not http or https");
    }
    // An opaque or registry-based authority ("http:foo", "http://a b/") has no host: the JDK's HTTP
    // client refuses it, and the policy could not judge where it goes.
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return invalid(a, "it has no host");
    }
    if (uri.getRawUserInfo() != null) {
      // "http://trusted.example@169.254.169.254/" reads as one host to people and another to HTTP.
      return invalid(a, "it carries user information");
    }
    if (uri.getPort() > 65_535) {
      return invalid(a, "its port is out of range");
    }
    return new CallbackAddress(Kind.ADDRESSABLE, a, uri, null);
  }

  private static CallbackAddress invalid(String address, String problem) {
    return new CallbackAddress(Kind.INVALID, address, null, problem);
  }

  /** True for an address Tandem would POST to. */
  public boolean isAddressable() {
    return kind == Kind.ADDRESSABLE;
  }
}
