package dev.tandem.server;

import static dev.tandem.server.Clients.RM10;
import static dev.tandem.server.Clients.metroCalculator;
import static dev.tandem.server.PayaraServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code web-module/target/tandem.war} alone (the same WAR the uber-jar runs), unchanged, on the same
 * Payara Server domain: its EJBs, libraries and drivers are all inside it.
 */
@ExtendWith(ArquillianExtension.class)
@Order(2)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WarOnPayaraServerIT {

  @Deployment(testable = false)
  static WebArchive war() {
    // Deployed under the WAR's own context root (payara-web.xml): /servicemodelsamples.
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tandem.war")));
  }

  @Test
  void reliableCalculatorOverWsRm10WithMetro() throws Exception {
    metroCalculator(BASE.resolve("service.svc?wsdl"), RM10);
  }

  @Test
  void duplexCalculatorOverDualHttp() {
    Clients.duplexOverDualHttp(BASE.resolve("service.svc/duplex"));
  }

  @Test
  void storesInTheApplicationsOwnDatabase() throws Exception {
    assertThat(PayaraServer.readiness())
        .contains("\"status\":\"UP\"", "\"resource\":\"java:app/jdbc/tandem-default\"");
  }
}
