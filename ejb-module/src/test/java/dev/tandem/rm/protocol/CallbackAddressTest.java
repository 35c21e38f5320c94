package dev.tandem.rm.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.protocol.CallbackAddress.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The syntax of the addresses clients give for messages back to them (issue #14). */
class CallbackAddressTest {

  @ParameterizedTest
  @CsvSource({
    "http://www.w3.org/2005/08/addressing/anonymous, ANONYMOUS",
    // WS-A 2004/08 (WCF's February 2005 stack with August 2004 addressing): the back channel too.
    "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous, ANONYMOUS",
    "http://www.w3.org/2005/08/addressing/none, NONE",
    "http://docs.oasis-open.org/ws-rx/wsmc/200702/anonymous?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301, MAKE_CONNECTION",
    "http://127.0.0.1:8000/myClient/, ADDRESSABLE",
    "http://localhost:8000/myClient/, ADDRESSABLE",
    "https://client.example.com/cb?x=1, ADDRESSABLE",
    "HTTP://CLIENT.EXAMPLE.COM/, ADDRESSABLE",
    "http://[::1]:8000/myClient/, ADDRESSABLE",
    "'  http://127.0.0.1:8000/padded/  ', ADDRESSABLE",
  })
  void usableAddresses(String address, Kind kind) {
    CallbackAddress a = CallbackAddress.of(address);
    assertThat(a.kind()).isEqualTo(kind);
    assertThat(a.problem()).isNull();
    assertThat(a.isAddressable()).isEqualTo(kind == Kind.ADDRESSABLE);
    if (a.isAddressable()) {
      assertThat(a.uri().getHost()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "urn:tandem:callback",
        "ftp://127.0.0.1/callbacks",
        "mailto:ops@example.com",
        "file:///etc/passwd",
        "gopher://127.0.0.1:6379/_INFO",
        "/myClient/relative",
        "myClient",
        "//127.0.0.1:8000/scheme-relative",
        "http://",
        "http:opaque",
        "http:///no-host",
        "http://exa mple.com/",
        "http://[::1/",
        "http://under_score.example.com/",
        "http://trusted.example.com@169.254.169.254/",
        "http://127.0.0.1:99999/",
        "http://%zz/",
        "",
        "   ",
      })
  void unusableAddresses(String address) {
    CallbackAddress a = CallbackAddress.of(address);
    assertThat(a.kind()).as(address).isEqualTo(Kind.INVALID);
    assertThat(a.problem()).isNotBlank();
    assertThat(a.uri()).isNull();
  }

  @org.junit.jupiter.api.Test
  void aMissingAddressIsInvalid() {
    assertThat(CallbackAddress.of(null).kind()).isEqualTo(Kind.INVALID);
  }
}
