package dev.tandem.server;

import static dev.tandem.server.Clients.CALCULATOR;
import static dev.tandem.server.Clients.RM10;
import static dev.tandem.server.Clients.RM11;
import static dev.tandem.server.Clients.metroCalculator;
import static dev.tandem.server.Clients.tandemClient;
import static dev.tandem.server.PayaraServer.BASE;
import static dev.tandem.server.PayaraServer.SECURE_BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.server.Clients.Run;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ear/target/tandem.ear}, unchanged, on a fresh Payara Server domain with nothing added to it:
 * every sample answers at {@code http://localhost:8080/servicemodelsamples/...} (and the HTTPS one on
 * the domain's 8181 listener with the domain's own certificate), on the application's own embedded
 * H2 database.
 */
@ExtendWith(ArquillianExtension.class)
@Order(1)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EarOnPayaraServerIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("tandem.ear")));
  }

  @Test
  void isARealEarOfAnEjbModuleAndAWebModule() throws Exception {
    String modules = PayaraServer.asadmin("list-sub-components", "tandem");
    assertThat(modules).contains("tandem-ejb.jar", "<EJBModule>", "tandem.war", "<WebModule>");
  }

  @Test
  void reliableCalculatorOverWsRm10WithMetro() throws Exception {
    metroCalculator(BASE.resolve("service.svc?wsdl"), RM10);
  }

  @Test
  void reliableCalculatorOverWsRm11WithMetro() throws Exception {
    metroCalculator(BASE.resolve("service.svc?wsdl&rm=1.1"), RM11);
  }

  @Test
  void duplexCalculatorOverDualHttp() {
    Clients.duplexOverDualHttp(BASE.resolve("service.svc/duplex"));
  }

  @Test
  void reliableSecureProfileOverMakeConnection() {
    Run r = tandemClient("process-data", "--url", BASE.resolve("service.svc/rsp").toString(), "abc");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactly("Computed hash of 'abc' is '900150983CD24FB0D6963F7D28E17F72'");
  }

  @Test
  void reliableCalculatorOverHttpsWithTheDomainsCertificate() {
    // The domain's self-signed s1as certificate (CN=localhost) is in its cacerts.p12.
    Path trust = PayaraServer.DOMAIN.resolve("config/cacerts.p12");
    Run r =
        tandemClient(
            "https", "--url", SECURE_BASE.resolve("service.svc/secure").toString(),
            "--truststore", trust.toString(), "--truststore-password", "changeit");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(CALCULATOR);
  }

  @Test
  void publishesNoEndpointOfItsOwnBesideTandems() throws Exception {
    // Metro's WS-AtomicTransaction services and the sample classes carry @WebService; the full
    // server's JAX-WS runtime must not publish them (web.xml is metadata-complete).
    for (String path : new String[] {"WSAT10Service", "WSAT11Service", "CalculatorService", "ProcessDataService"}) {
      assertThat(PayaraServer.get(BASE.resolve(path + "?wsdl")).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void storesInTheApplicationsOwnH2Database() throws Exception {
    assertThat(PayaraServer.readiness())
        .contains("\"status\":\"UP\"", "\"database\":\"H2\"", "\"resource\":\"java:app/jdbc/tandem-default\"");
    assertThat(Files.exists(Path.of(System.getenv("TANDEM_DATA_DIR"), "tandem.mv.db"))).isTrue();
  }

  /**
   * On Payara Server the admin page needs no Tandem setting: a user of the group {@code admin} in
   * the domain's file realm, added as an operator adds one, signs in (HTTP Basic for scripts); the
   * JSON view refuses everyone else. The metrics and health checks are in the server's endpoints.
   */
  @Test
  void adminPageUsesTheDomainsFileRealm() throws Exception {
    Path passwordFile = Files.createTempFile("tandem-admin", ".txt");
    Files.writeString(passwordFile, "AS_ADMIN_USERPASSWORD=realm-secret-1\n");
    PayaraServer.asadmin(
        "--passwordfile", passwordFile.toString(), "create-file-user", "--groups", "admin", "realmops");
    try {
      URI api = BASE.resolve("admin/api/sessions");
      assertThat(PayaraServer.get(api).statusCode()).isEqualTo(401);
      assertThat(basic(api, "realmops:wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> listed = basic(api, "realmops:realm-secret-1");
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      assertThat(listed.body()).contains("\"total\":");
      HttpResponse<String> page = PayaraServer.get(BASE.resolve("admin/sequences"));
      assertThat(page.statusCode()).isEqualTo(302);
      assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/admin/login"));
      assertThat(PayaraServer.get(URI.create("http://localhost:8080/metrics?scope=application")).body())
          .contains("tandem_store_up");
      assertThat(PayaraServer.get(URI.create("http://localhost:8080/health/live")).body())
          .contains("tandem-outbound-sender");
    } finally {
      PayaraServer.asadmin("delete-file-user", "realmops");
      Files.deleteIfExists(passwordFile);
    }
  }

  private static HttpResponse<String> basic(URI uri, String userPassword) throws Exception {
    return PayaraServer.HTTP.send(
        HttpRequest.newBuilder(uri)
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
