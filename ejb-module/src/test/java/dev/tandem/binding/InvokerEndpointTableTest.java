package dev.tandem.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.endpoint.EndpointTable;
import dev.tandem.endpoint.HostedEndpoint;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The Metro invoker hosts exactly the endpoints of the table it is built from, as it says. */
class InvokerEndpointTableTest {

  @Test
  void everySampleEndpointIsHostedAsTheTableSays() {
    MetroApplicationInvoker invoker = new MetroApplicationInvoker();
    try {
      for (HostedEndpoint e : EndpointTable.SAMPLES.endpoints()) {
        String upper = e.path().toUpperCase(Locale.ROOT) + "/";
        assertThat(invoker.hosts(e.path())).as(e.path()).isTrue();
        assertThat(invoker.hosts(upper)).as(upper).isTrue();
        assertThat(invoker.isReliable(e.path())).as(e.path()).isEqualTo(e.reliable());
        assertThat(invoker.isDuplex(e.path())).as(e.path()).isEqualTo(e.service().duplex());
        assertThat(invoker.requiresHttps(upper)).as(upper).isEqualTo(e.httpsOnly());
      }
      assertThat(invoker.hosts("/service.svc/nope")).isFalse();
      assertThat(invoker.requiresHttps("/service.svc/nope")).isFalse();
      assertThatThrownBy(() -> invoker.isReliable("/service.svc/nope"))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      invoker.dispose();
    }
  }

  @Test
  void anInvokerBuiltFromAnotherTableHostsOnlyThatTable() {
    HostedEndpoint basic = EndpointTable.SAMPLES.find(EndpointTable.CALCULATOR_BASIC).orElseThrow();
    HostedEndpoint secure = new HostedEndpoint("/only", basic.service(), true, true);
    MetroApplicationInvoker invoker =
        new MetroApplicationInvoker(null, new EndpointTable(List.of(secure)));
    try {
      assertThat(invoker.hosts("/only")).isTrue();
      assertThat(invoker.isReliable("/only")).isTrue();
      assertThat(invoker.requiresHttps("/ONLY")).isTrue();
      assertThat(invoker.supports("/only", "http://Microsoft.ServiceModel.Samples/ICalculator/Add"))
          .isTrue();
      assertThat(invoker.hosts(EndpointTable.CALCULATOR_BASIC)).isFalse();
      assertThat(invoker.requiresHttps(EndpointTable.CALCULATOR_SECURE)).isFalse();
    } finally {
      invoker.dispose();
    }
  }
}
