package dev.tandem.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.binding.MetroApplicationInvoker;
import dev.tandem.endpoint.EndpointTable;
import dev.tandem.endpoint.HostedEndpoint;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The WSDL documents come from the {@link EndpointTable}: one per table endpoint, with the RM
 * assertion exactly when the endpoint is reliable, and none for a path the table lacks; the Metro
 * invoker built from the same table hosts the same paths.
 */
class WsdlPublisherTest {
  private static final String RM10 = "http://schemas.xmlsoap.org/ws/2005/02/rm/policy";
  private static final String RM11 = "http://docs.oasis-open.org/ws-rx/wsrmp/200702";
  private static final String SP = "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy";
  private static final String ADDRESS = "https://h.example/servicemodelsamples/service.svc?a=1&b=2";
  private static final List<String> UNKNOWN =
      List.of("/service.svc/nope", "/service.svc/basic/x", "/", "", "/other");

  private final WsdlPublisher publisher = new WsdlPublisher();

  @Test
  void everyTableEndpointHasAWsdlWithTheRmAssertionExactlyWhenItIsReliable() throws Exception {
    for (HostedEndpoint e : EndpointTable.SAMPLES.endpoints()) {
      assertThat(publisher.publishes(e.path())).as(e.path()).isTrue();
      for (boolean rm11 : new boolean[] {false, true}) {
        for (boolean https : new boolean[] {false, true}) {
          String as = e.path() + (rm11 ? " rm=1.1" : " rm=1.0") + (https ? " https" : " http");
          String doc = new String(publisher.wsdl(e.path(), ADDRESS, rm11, https), UTF_8);
          assertThat(doc).as(as).doesNotContainPattern("@[A-Z_]+@");
          assertThat(doc.contains(RM10))
              .as(as + ": RM 1.0 assertion")
              .isEqualTo(e.reliable() && !rm11);
          assertThat(doc.contains(RM11))
              .as(as + ": RM 1.1 assertion")
              .isEqualTo(e.reliable() && rm11);
          // Over HTTPS only; the duplex calculators' template has no transport assertion (WCF's
          // WSDualHttpBinding has no HTTPS transport), the calculator's and the RSP sample's do.
          assertThat(doc.contains(SP))
              .as(as + ": transport assertion")
              .isEqualTo(https && !e.service().wsdl().template().equals("duplex"));
          assertThat(doc).as(as).contains("location=\"" + ADDRESS.replace("&", "&amp;") + "\"");
          Element root = parse(doc);
          assertThat(root.getAttribute("targetNamespace"))
              .as(as)
              .isEqualTo(e.service().serviceName().getNamespaceURI());
          assertThat(root.getAttribute("name"))
              .as(as)
              .isEqualTo(e.service().serviceName().getLocalPart());
        }
      }
    }
  }

  @Test
  void aPathOutsideTheTableHasNoWsdl() {
    for (String path : UNKNOWN) {
      assertThat(publisher.publishes(path)).as(path).isFalse();
      assertThatThrownBy(() -> publisher.wsdl(path, ADDRESS, false))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aPublisherBuiltFromAnotherTablePublishesOnlyThatTable() throws Exception {
    HostedEndpoint basic = EndpointTable.SAMPLES.find(EndpointTable.CALCULATOR_BASIC).orElseThrow();
    WsdlPublisher only =
        new WsdlPublisher(
            new EndpointTable(List.of(new HostedEndpoint("/only", basic.service(), true, false))));
    assertThat(only.publishes("/only")).isTrue();
    assertThat(new String(only.wsdl("/only", ADDRESS, false), UTF_8)).contains(RM10);
    assertThat(only.publishes(EndpointTable.CALCULATOR_BASIC)).isFalse();
  }

  @Test
  void theInvokerAndThePublisherServeTheSamePaths() {
    MetroApplicationInvoker invoker = new MetroApplicationInvoker();
    try {
      List<String> paths = new ArrayList<>(UNKNOWN);
      EndpointTable.SAMPLES.endpoints().forEach(e -> paths.add(e.path()));
      for (String path : paths) {
        String p = MetroApplicationInvoker.normalise(path);
        assertThat(publisher.publishes(p)).as(path).isEqualTo(invoker.hosts(path));
      }
    } finally {
      invoker.dispose();
    }
  }

  private static Element parse(String doc) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(doc.getBytes(UTF_8)))
        .getDocumentElement();
  }
}
