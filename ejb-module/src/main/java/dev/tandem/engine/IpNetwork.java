package dev.tandem.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR range (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6), such as {@code 10.0.0.0/8} or {@code
 * fe80::/10}; a bare address is a range of one. Immutable. Nothing on Tandem's class path parses
 * IPv6 ranges (commons-net's SubnetUtils is IPv4 only), hence this small class on {@link
 * InetAddress}'s bytes.
 */
public final class IpNetwork {
  private final byte[] base;
  private final int prefix;
  private final String text;

  private IpNetwork(byte[] base, int prefix, String text) {
    this.base = base;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code ipv6/n} or a bare address. Only literals are accepted: no host
   * name is ever looked up here.
   *
   * @throws IllegalArgumentException when {@code cidr} is not such a range (the message names it)
   */
  public static IpNetwork parse(String cidr) {
    String t = cidr.trim();
    int slash = t.indexOf('/');
    String addressText = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = literal(addressText);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address range: " + cidr);
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not an IP address range: " + cidr);
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw new IllegalArgumentException("prefix longer than the address in " + cidr);
      }
    }
    return new IpNetwork(mask(bytes, prefix), prefix, t);
  }

  /**
   * True when {@code address} lies in this range. IPv4-mapped and IPv4-compatible IPv6 addresses
   * ({@code ::ffff:169.254.169.254}, {@code ::169.254.169.254}) are judged as the IPv4 address they
   * carry, so that an IPv6 spelling does not slip past an IPv4 range.
   */
  public boolean contains(InetAddress address) {
    byte[] a = canonical(address).getAddress();
    if (a.length != base.length) {
      return false;
    }
    return Arrays.equals(mask(a, prefix), base);
  }

  /** {@code address}, or the IPv4 address an IPv4-compatible IPv6 address embeds. */
  static InetAddress canonical(InetAddress address) {
    // The JDK already turns ::ffff:a.b.c.d into an Inet4Address; the deprecated ::a.b.c.d form
    // (RFC 4291 §2.5.5.1) it keeps as IPv6, so unwrap it here (but not :: and ::1 themselves).
    if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
      byte[] b = v6.getAddress();
      if (b[12] != 0 || b[13] != 0 || b[14] != 0 || (b[15] & 0xff) > 1) {
        try {
          return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return address;
  }

  /**
   * The bytes of an IP literal ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}), or null when {@code
   * text} is not one. Never resolves a name: {@link InetAddress#getByName} is only called on text
   * that can only be a literal.
   */
  static byte[] literal(String text) {
    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (t.isEmpty()) {
      return null;
    }
    if (t.indexOf(':') < 0) {
      return dottedQuad(t);
    }
    if (!t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      return null; // zone ids ("fe80::1%eth0") and anything else that is not hex
    }
    try {
      // With a colon, InetAddress parses an IPv6 literal and never asks DNS.
      return canonical(InetAddress.getByName(t)).getAddress();
    } catch (UnknownHostException e) {
      return null; // e.g. an octet above 255
    }
  }

  /**
   * Four decimal octets, each 0-255 without leading zeros; not the shorthand ("10", "10.1") or octal
   * ("010.0.0.1") forms some resolvers accept, which read differently in different places.
   */
  private static byte[] dottedQuad(String t) {
    String[] parts = t.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    return b;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] m = address.clone();
    for (int i = 0; i < m.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      m[i] = (byte) (m[i] & (0xff << (8 - keep)));
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && n.prefix == prefix && Arrays.equals(n.base, base);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(base) + prefix;
  }

  /** The range as configured. */
  @Override
  public String toString() {
    return text;
  }
}
