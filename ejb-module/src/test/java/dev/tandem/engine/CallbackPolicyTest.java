package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rm.protocol.CallbackAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where callbacks may go: CIDR ranges, host patterns, resolution (issue #14). */
class CallbackPolicyTest {

  /** A DNS of our own: names map to fixed addresses, everything else does not resolve. */
  private static final Map<String, List<String>> DNS =
      Map.of(
          "client.example.com", List.of("203.0.113.10"),
          "a.clients.example.com", List.of("203.0.113.11"),
          "metadata.attacker.example", List.of("169.254.169.254"),
          "dual.attacker.example", List.of("203.0.113.12", "127.0.0.1"),
          "v6.example.com", List.of("2001:db8::10"),
          "localhost", List.of("127.0.0.1", "::1"));

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    if (IpNetwork.literal(host) != null) {
      return new InetAddress[] {InetAddress.getByAddress(IpNetwork.literal(host))};
    }
    List<String> a = DNS.get(host);
    if (a == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] out = new InetAddress[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = InetAddress.getByAddress(host, IpNetwork.literal(a.get(i)));
    }
    return out;
  }

  private static CallbackPolicy policy(String hosts, String allowed, String denied) {
    return new CallbackPolicy(
        CallbackPolicy.parseHosts(hosts),
        CallbackPolicy.parseNetworks(allowed),
        CallbackPolicy.parseNetworks(denied),
        CallbackPolicyTest::resolve);
  }

  private static Optional<String> judge(CallbackPolicy p, String uri) {
    return p.refusal(URI.create(uri));
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7/32, 192.168.1.8, false",
    "0.0.0.0/0, 198.51.100.1, true",
    "0.0.0.0/0, ::1, false",
    "169.254.0.0/16, 169.254.169.254, true",
    "fe80::/10, fe80::1, true",
    "fe80::/10, febf:ffff::1, true",
    "fe80::/10, fec0::1, false",
    "::1/128, ::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    // The IPv6 spellings of an IPv4 address are judged as that IPv4 address.
    "169.254.0.0/16, ::ffff:169.254.169.254, true",
    "169.254.0.0/16, ::169.254.169.254, true",
    "127.0.0.0/8, ::ffff:127.0.0.1, true",
  })
  void cidrRanges(String range, String address, boolean inside) throws Exception {
    InetAddress a = InetAddress.getByAddress(IpNetwork.literal(address));
    assertThat(IpNetwork.parse(range).contains(a)).isEqualTo(inside);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"10.0.0.0/33", "fe80::/129", "010.0.0.0/8", "10.0.0.256", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "10", "256.0.0.0/8",
        "example.com/8", "fe80::1%eth0/64", "10.0.0.0/8/8", ""})
  void notRanges(String range) {
    assertThatThrownBy(() -> IpNetwork.parse(range)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBadListNamesTheBadItem() {
    assertThatThrownBy(() -> CallbackPolicy.parseNetworks("10.0.0.0/8, nonsense"))
        .hasMessageContaining("nonsense");
    assertThatThrownBy(() -> CallbackPolicy.parseHosts("good.example.com, bad.*.example.com"))
        .hasMessageContaining("bad.*.example.com");
    assertThat(CallbackPolicy.parseNetworks("none")).isEmpty();
    assertThat(CallbackPolicy.parseNetworks(" 10.0.0.0/8 ,, fd00::/8 ")).hasSize(2);
  }

  @Test
  void theDefaultKeepsLoopbackAndPrivateNetworksAndRefusesLinkLocalAndMulticast() {
    CallbackPolicy p =
        new CallbackPolicy(
            List.of(), List.of(), CallbackPolicy.parseNetworks(CallbackPolicy.DEFAULT_DENIED_NETWORKS),
            CallbackPolicyTest::resolve);
    assertThat(judge(p, "http://127.0.0.1:8000/myClient/")).isEmpty();
    assertThat(judge(p, "http://localhost:8000/myClient/")).isEmpty();
    assertThat(judge(p, "http://[::1]:8000/myClient/")).isEmpty();
    assertThat(judge(p, "http://10.1.2.3/")).isEmpty();
    assertThat(judge(p, "http://client.example.com/")).isEmpty();
    assertThat(judge(p, "http://169.254.169.254/latest/meta-data/")).get().asString()
        .contains("169.254.169.254", "deny-networks");
    assertThat(judge(p, "http://[fe80::1]/")).isPresent();
    assertThat(judge(p, "http://[::ffff:169.254.169.254]/")).isPresent();
    assertThat(judge(p, "http://0.0.0.0:8080/")).isPresent();
    assertThat(judge(p, "http://[::]:8080/")).isPresent();
    assertThat(judge(p, "http://224.0.0.1/")).isPresent();
    assertThat(judge(p, "http://255.255.255.255/")).isPresent();
    assertThat(judge(p, "http://[ff02::1]/")).isPresent();
  }

  /** The check is on resolved addresses: a harmless-looking name cannot reach a denied address. */
  @Test
  void aNameIsJudgedByEveryAddressItResolvesTo() {
    CallbackPolicy p = policy("", "", "127.0.0.0/8, ::1, 169.254.0.0/16");
    assertThat(judge(p, "http://metadata.attacker.example/")).get().asString()
        .contains("metadata.attacker.example", "169.254.169.254");
    assertThat(judge(p, "http://dual.attacker.example/")).get().asString().contains("127.0.0.1");
    assertThat(judge(p, "http://localhost:8000/")).isPresent();
    assertThat(judge(p, "http://client.example.com/")).isEmpty();
    assertThat(judge(p, "http://nowhere.invalid/")).get().asString().contains("does not resolve");
  }

  @Test
  void allowedNetworksAdmitOnlyTheirAddressesAndDeniedNetworksWin() {
    CallbackPolicy p = policy("", "203.0.113.0/24, 2001:db8::/32", "203.0.113.12/32");
    assertThat(judge(p, "http://client.example.com/")).isEmpty();
    assertThat(judge(p, "http://v6.example.com/")).isEmpty();
    assertThat(judge(p, "http://[2001:db8::99]:8080/")).isEmpty();
    assertThat(judge(p, "http://127.0.0.1/")).get().asString().contains("allowed-networks");
    assertThat(judge(p, "http://dual.attacker.example/")).get().asString().contains("deny-networks");
  }

  @Test
  void hostPatterns() {
    CallbackPolicy p = policy("client.example.com, *.clients.example.com, 127.0.0.1, [::1]", "", "");
    assertThat(judge(p, "http://client.example.com:8000/")).isEmpty();
    assertThat(judge(p, "http://CLIENT.Example.COM./")).isEmpty();
    assertThat(judge(p, "http://a.clients.example.com/")).isEmpty();
    assertThat(judge(p, "http://127.0.0.1:8000/")).isEmpty();
    assertThat(judge(p, "http://[0:0:0:0:0:0:0:1]:8000/")).isEmpty();
    // "*.x" is below x, not x itself nor a name that merely ends the same way.
    assertThat(judge(p, "http://clients.example.com/")).get().asString().contains("allowed-hosts");
    assertThat(judge(p, "http://evilclients.example.com/")).isPresent();
    assertThat(judge(p, "http://client.example.com.attacker.example/")).isPresent();
    assertThat(judge(p, "http://localhost/")).isPresent();
  }

  @Test
  void onlyAddressableAddressesAreJudged() {
    CallbackPolicy p = policy("nothing.example", "", "0.0.0.0/0, ::/0");
    assertThat(p.refusal(CallbackAddress.of("http://www.w3.org/2005/08/addressing/anonymous"))).isEmpty();
    assertThat(
            p.refusal(
                CallbackAddress.of(
                    "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301")))
        .isEmpty();
    assertThat(p.refusal(CallbackAddress.of("http://127.0.0.1/"))).isPresent();
  }
}
