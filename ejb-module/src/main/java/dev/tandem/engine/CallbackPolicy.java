package dev.tandem.engine;

import dev.tandem.rm.protocol.CallbackAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Tandem may send callbacks: the operator's answer to "a client names an address and Tandem
 * POSTs there" (server-side request forgery, issue #14). Checked when a CreateSequence names its
 * addresses and again before every POST.
 *
 * <p>The check is on the <em>resolved</em> addresses, not on the literal host: a DNS name that
 * resolves to {@code 169.254.169.254} is judged as {@code 169.254.169.254}. Every address the name
 * resolves to must pass, because the HTTP client may connect to any of them. The sender checks again
 * right before each POST, so a name that resolved to a public address at CreateSequence and to a
 * denied one later (DNS rebinding) is refused then; the JDK caches a lookup (30 s by default,
 * {@code networkaddress.cache.ttl}), so the POST connects to what was just checked unless the cache
 * expires in between.
 *
 * <p>Rules, in order: the host must match {@code allowedHosts} when that is not empty; every resolved
 * address must lie outside {@code deniedNetworks}; and inside {@code allowedNetworks} when that is not
 * empty. A host that does not resolve is refused.
 */
public final class CallbackPolicy {

  /**
   * The ranges refused by default: "this network" and the unspecified addresses, link-local (cloud
   * metadata services live at 169.254.169.254 and fe80::…), and multicast/reserved/broadcast. None
   * of them is ever a client's callback listener. Loopback and private ranges stay allowed so that
   * the samples and a client on the same machine work out of the box; see README, "Callback address
   * policy", for what to deny in production.
   */
  public static final String DEFAULT_DENIED_NETWORKS =
      "0.0.0.0/8,169.254.0.0/16,224.0.0.0/3,::/128,fe80::/10,ff00::/8";

  /** Policy of a configuration that names nothing: {@link #DEFAULT_DENIED_NETWORKS} refused. */
  public static final CallbackPolicy DEFAULT =
      new CallbackPolicy(List.of(), List.of(), parseNetworks(DEFAULT_DENIED_NETWORKS));

  /** Looks a host up; tests pass a fixed table instead of DNS. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * @throws UnknownHostException when {@code host} has no address
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<String> allowedHosts;
  private final List<IpNetwork> allowedNetworks;
  private final List<IpNetwork> deniedNetworks;
  private final Resolver resolver;

  /**
   * @param allowedHosts host patterns ({@code client.example.com}, {@code *.example.com} for any name
   *     below example.com, an IP literal); empty allows any host
   * @param allowedNetworks ranges every resolved address must lie in; empty allows any
   * @param deniedNetworks ranges no resolved address may lie in (they win over the allowed ones)
   */
  public CallbackPolicy(
      List<String> allowedHosts, List<IpNetwork> allowedNetworks, List<IpNetwork> deniedNetworks) {
    this(allowedHosts, allowedNetworks, deniedNetworks, InetAddress::getAllByName);
  }

  /** As above, resolving host names with {@code resolver}. */
  public CallbackPolicy(
      List<String> allowedHosts,
      List<IpNetwork> allowedNetworks,
      List<IpNetwork> deniedNetworks,
      Resolver resolver) {
    this.allowedHosts = allowedHosts.stream().map(CallbackPolicy::normalHost).toList();
    this.allowedNetworks = List.copyOf(allowedNetworks);
    this.deniedNetworks = List.copyOf(deniedNetworks);
    this.resolver = resolver;
  }

  /**
   * Parses a comma-separated list of ranges ({@code 10.0.0.0/8, fd00::/8}); blank items are skipped,
   * and {@code none} alone is the empty list (so that the default list can be switched off).
   *
   * @throws IllegalArgumentException naming the first item that is not a range
   */
  public static List<IpNetwork> parseNetworks(String list) {
    if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("none")) {
      return List.of();
    }
    return Arrays.stream(list.split(",")).filter(s -> !s.isBlank()).map(IpNetwork::parse).toList();
  }

  /**
   * Parses a comma-separated list of host patterns; blank items are skipped.
   *
   * @throws IllegalArgumentException for a pattern with a wildcard anywhere but a leading {@code *.}
   */
  public static List<String> parseHosts(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<String> hosts =
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String h : hosts) {
      if (h.lastIndexOf('*') > 0 || (h.startsWith("*") && !h.startsWith("*."))) {
        throw new IllegalArgumentException("host pattern may only start with *.: " + h);
      }
    }
    return hosts;
  }

  /**
   * Judges an address a client gave for callbacks. Only {@link CallbackAddress.Kind#ADDRESSABLE}
   * addresses are judged; anonymous, None and MakeConnection addresses are never POSTed to.
   *
   * @return why the address is refused (naming the host and, when resolved, the address), or empty
   *     when Tandem may POST to it. May block on a DNS lookup.
   */
  public Optional<String> refusal(CallbackAddress address) {
    return address.isAddressable() ? refusal(address.uri()) : Optional.empty();
  }

  /**
   * Judges an absolute http(s) URI.
   *
   * @return why it is refused, or empty. May block on a DNS lookup.
   */
  public Optional<String> refusal(URI uri) {
    String host = uri.getHost() == null ? "" : normalHost(uri.getHost());
    if (host.isEmpty()) {
      return Optional.of("it has no host");
    }
    if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(p -> matches(p, host))) {
      return Optional.of("host " + host + " is not in tandem.callbacks.allowed-hosts");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      return Optional.of("host " + host + " does not resolve");
    }
    if (addresses == null || addresses.length == 0) {
      return Optional.of("host " + host + " does not resolve");
    }
    boolean literal = IpNetwork.literal(host) != null;
    for (InetAddress a : addresses) {
      InetAddress c = IpNetwork.canonical(a);
      String what =
          literal ? "address " + c.getHostAddress() : "host " + host + " resolves to " + c.getHostAddress();
      for (IpNetwork n : deniedNetworks) {
        if (n.contains(c)) {
          return Optional.of(what + ", in tandem.callbacks.deny-networks (" + n + ")");
        }
      }
      if (!allowedNetworks.isEmpty() && allowedNetworks.stream().noneMatch(n -> n.contains(c))) {
        return Optional.of(what + ", not in tandem.callbacks.allowed-networks");
      }
    }
    return Optional.empty();
  }

  /** {@code *.example.com} matches names below example.com; anything else matches itself. */
  private static boolean matches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
    if (IpNetwork.literal(pattern) != null && IpNetwork.literal(host) != null) {
      // ::1, [::1] and 0:0:0:0:0:0:0:1 are one address.
      return Arrays.equals(IpNetwork.literal(pattern), IpNetwork.literal(host));
    }
    return pattern.equals(host);
  }

  /** Lower case, no IPv6 brackets, no trailing dot of a fully qualified name. */
  private static String normalHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
