package dev.tandem.client.rm;

import java.util.Locale;

/** The two WS-ReliableMessaging versions WCF speaks. */
public enum RmVersion {
  /** WS-RM February 2005, WCF's default. */
  RM10("http://schemas.xmlsoap.org/ws/2005/02/rm"),
  /** WS-RM 1.1 (OASIS, February 2007). */
  RM11("http://docs.oasis-open.org/ws-rx/wsrm/200702");

  private final String ns;

  RmVersion(String ns) {
    this.ns = ns;
  }

  public String ns() {
    return ns;
  }

  /** {@code ns/name}, e.g. the CreateSequence action. */
  public String action(String name) {
    return ns + "/" + name;
  }

  /** "1.0" (also "2005", "feb2005") or "1.1" (also "2007"). */
  public static RmVersion parse(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "1.0":
      case "10":
      case "2005":
      case "feb2005":
        return RM10;
      case "1.1":
      case "11":
      case "2007":
        return RM11;
      default:
        throw new IllegalArgumentException("unknown WS-RM version '" + s + "' (1.0 or 1.1)");
    }
  }

  @Override
  public String toString() {
    return this == RM10 ? "1.0" : "1.1";
  }
}
