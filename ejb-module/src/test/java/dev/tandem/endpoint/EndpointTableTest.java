package dev.tandem.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tandem.samples.calculator.CalculatorService;
import dev.tandem.samples.calculator.ICalculator;
import dev.tandem.samples.duplex.CalculatorDuplexService;
import dev.tandem.samples.duplex.ICalculatorDuplex;
import dev.tandem.samples.duplex.ICalculatorDuplexCallback;
import dev.tandem.samples.processdata.ProcessDataService;
import dev.tandem.service.DelayedCallbacks;
import java.time.Duration;
import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;

/** The table of hosted endpoints: its rows, its path matching, and the shapes it refuses. */
class EndpointTableTest {
  private static final EndpointTable T = EndpointTable.SAMPLES;

  @Test
  void theSamplesAreTheSixPathsTandemHosts() {
    assertThat(T.endpoints())
        .extracting(HostedEndpoint::path)
        .containsExactly(
            "/service.svc",
            "/service.svc/basic",
            "/service.svc/secure",
            "/service.svc/duplex",
            "/service.svc/duplex-sdk",
            "/service.svc/rsp");
    assertThat(T.endpoints())
        .extracting(
            e ->
                e.path() + " " + e.pattern() + " reliable=" + e.reliable() + " https=" + e.httpsOnly())
        .containsExactly(
            "/service.svc REQUEST_REPLY reliable=true https=false",
            "/service.svc/basic REQUEST_REPLY reliable=false https=false",
            "/service.svc/secure REQUEST_REPLY reliable=true https=true",
            "/service.svc/duplex DUPLEX reliable=true https=false",
            "/service.svc/duplex-sdk DUPLEX reliable=true https=false",
            "/service.svc/rsp DUPLEX reliable=true https=false");
  }

  @Test
  void theCalculatorIsOneServiceAtThreePaths() {
    ServiceDescription calculator = T.find(EndpointTable.CALCULATOR).orElseThrow().service();
    assertThat(T.find(EndpointTable.CALCULATOR_BASIC).orElseThrow().service()).isSameAs(calculator);
    assertThat(T.find(EndpointTable.CALCULATOR_SECURE).orElseThrow().service())
        .isSameAs(calculator);
    assertThat(T.services())
        .extracting(s -> s.implementation().getName() + " " + s.wsdl().template())
        .containsExactly(
            "dev.tandem.samples.calculator.CalculatorService calculator",
            "dev.tandem.samples.duplex.CalculatorDuplexService duplex",
            "dev.tandem.samples.duplexsdk.CalculatorDuplexService duplex",
            "dev.tandem.samples.processdata.ProcessDataService processdata");
  }

  @Test
  void theDuplexVariantsFillTheirTemplateWithTheirNamespaceAndResultCallback() {
    assertThat(T.find(EndpointTable.DUPLEX).orElseThrow().service().wsdl().parameters())
        .containsOnly(
            entry("NS", "http://Microsoft.ServiceModel.Samples"), entry("RESULT_OP", "Equals"));
    assertThat(T.find(EndpointTable.DUPLEX_SDK).orElseThrow().service().wsdl().parameters())
        .containsOnly(entry("NS", "http://Microsoft.Samples.Duplex"), entry("RESULT_OP", "Result"));
  }

  @Test
  void theProcessDataServiceTakesTheConfiguredCallbackDelay() {
    Object rsp =
        T.find(EndpointTable.PROCESS_DATA)
            .orElseThrow()
            .service()
            .instances()
            .newInstance(Duration.ofMillis(123));
    assertThat(rsp).isInstanceOf(ProcessDataService.class);
    assertThat(((DelayedCallbacks) rsp).callbackDelay()).isEqualTo(Duration.ofMillis(123));
  }

  @Test
  void pathsMatchInAnyLetterCaseWithOrWithoutATrailingSlash() {
    assertThat(T.find("/SERVICE.SVC/Duplex-SDK/"))
        .map(HostedEndpoint::path)
        .contains(EndpointTable.DUPLEX_SDK);
    assertThat(T.find("/Service.svc")).map(HostedEndpoint::path).contains(EndpointTable.CALCULATOR);
    assertThat(T.at("/Service.svc")).as("at() takes the normalised path only").isEmpty();
    assertThat(T.find("/service.svc/nope")).isEmpty();
    assertThat(T.find("/service.svc/basic/x")).isEmpty();
    assertThat(T.find("/")).isEmpty();
    assertThat(T.find(null)).isEmpty();
  }

  @Test
  void twoEndpointsAtOnePathAreRefused() {
    ServiceDescription calculator = T.find(EndpointTable.CALCULATOR).orElseThrow().service();
    assertThatThrownBy(
            () ->
                new EndpointTable(
                    List.of(
                        new HostedEndpoint("/a", calculator, true, false),
                        new HostedEndpoint("/a", calculator, false, false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/a");
  }

  @Test
  void anEndpointPathMustBeNormalised() {
    ServiceDescription calculator = T.find(EndpointTable.CALCULATOR).orElseThrow().service();
    for (String path : new String[] {"/Service.svc", "/service.svc/", "service.svc", ""}) {
      assertThatThrownBy(() -> new HostedEndpoint(path, calculator, true, false))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aDuplexEndpointMustBeReliable() {
    ServiceDescription duplex = T.find(EndpointTable.DUPLEX).orElseThrow().service();
    assertThatThrownBy(() -> new HostedEndpoint("/d", duplex, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInconsistentServiceShapeIsRefused() {
    QName name = new QName("urn:t", "S");
    WsdlDocument wsdl = WsdlDocument.of("calculator");
    // A request-reply service with a callback contract.
    assertThatThrownBy(
            () ->
                new ServiceDescription(
                    CalculatorService.class, ICalculator.class, ICalculatorDuplexCallback.class,
                    name, name, ExchangePattern.REQUEST_REPLY, d -> new CalculatorService(), wsdl))
        .isInstanceOf(IllegalArgumentException.class);
    // A duplex service whose implementation keeps no session.
    assertThatThrownBy(
            () ->
                ServiceDescription.duplex(
                    CalculatorService.class, ICalculator.class, ICalculatorDuplexCallback.class,
                    name, name, d -> new CalculatorService(), wsdl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SessionService");
    // An implementation of another contract.
    assertThatThrownBy(
            () ->
                ServiceDescription.requestReply(
                    CalculatorDuplexService.class, ICalculator.class, name, name,
                    d -> new CalculatorDuplexService(), wsdl))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            ServiceDescription.duplex(
                    CalculatorDuplexService.class, ICalculatorDuplex.class,
                    ICalculatorDuplexCallback.class, name, name,
                    d -> new CalculatorDuplexService(), wsdl)
                .duplex())
        .isTrue();
  }
}
