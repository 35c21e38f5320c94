package dev.tandem.server;

import static dev.tandem.server.Clients.CALCULATOR;
import static dev.tandem.server.Clients.RM10;
import static dev.tandem.server.Clients.RM11;
import static dev.tandem.server.Clients.metroCalculator;
import static dev.tandem.server.Clients.tandemClient;
import static dev.tandem.server.PayaraServer.BASE;
import static dev.tandem.server.PayaraServer.SECURE_BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.admin.AdminPages;
import dev.tandem.admin.Browser;
import dev.tandem.rm.SoapClient;
import dev.tandem.server.Clients.Run;
import dev.tandem.testing.Envelopes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

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
    withRealmAdmin("realmops", "realm-secret-1", () -> {
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
    });
  }

  /**
   * The operator's round on Payara Server, in a real browser (Debian's Chromium): the login form
   * checks the domain's file realm, the list shows a Sequence a client just opened, its detail the
   * messages, and terminating it gives the client's next message the spec's fault (WS-RM 1.1 §4.7).
   */
  @Test
  void adminPageInABrowserShowsAndTerminatesASequence() throws Exception {
    withRealmAdmin("pageops", "realm-secret-2", () -> {
      SoapClient soap = new SoapClient(BASE.resolve("service.svc"));
      Envelopes.to(BASE.resolve("service.svc").toString());
      SoapClient.Reply created =
          soap.post(
              Envelopes.createSequence(
                  Envelopes.RM11, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
      assertThat(created.status()).as(created.body()).isEqualTo(200);
      String id = soap.x("//r11:CreateSequenceResponse/r11:Identifier", created.body());
      for (long n = 1; n <= 2; n++) {
        assertThat(soap.post(Envelopes.calc(Envelopes.RM11, id, n, "Add", Long.toString(n), "1")).status())
            .isEqualTo(200);
      }

      try (Browser browser = new Browser()) {
        WebDriver web = browser.driver();
        AdminPages admin = new AdminPages(web, BASE.toString().replaceAll("/$", ""));
        admin.open("/admin/sequences");
        assertThat(web.getCurrentUrl()).contains("/admin/login");
        admin.logIn("pageops", "realm-secret-2");
        assertThat(web.getCurrentUrl()).endsWith("/admin/sequences");
        assertThat(admin.sequenceRow(id).findElement(By.cssSelector("td.state")).getText()).isEqualTo("active");

        admin.openDetail(id);
        List<WebElement> messages = web.findElements(By.cssSelector("#messages tr.message"));
        assertThat(messages).extracting(m -> m.getAttribute("data-number")).containsExactly("1", "2");
        assertThat(web.findElement(By.id("ack-ranges")).getText()).isEqualTo("1-2");

        admin.navigate(web.findElement(By.id("terminate")));
        admin.navigate(web.findElement(By.id("confirm")));
        assertThat(web.findElement(By.id("flash")).getText()).startsWith("Terminated");
        assertThat(web.findElement(By.id("state")).getText()).isEqualTo("terminated");
      }

      SoapClient.Reply next = soap.post(Envelopes.calc(Envelopes.RM11, id, 3, "Add", "3", "1"));
      assertThat(next.status()).isEqualTo(500);
      assertThat(soap.x("//s:Subcode/s:Value", next.body())).isEqualTo("r:SequenceTerminated");
      assertThat(PayaraServer.serverLog())
          .contains("TANDEM-ADMIN-0001 Sequence " + id + " terminated by operator pageops");
    });
  }

  /** What a test does while {@code user} is in the domain's file realm, in the group {@code admin}. */
  @FunctionalInterface
  private interface WithUser {
    void run() throws Exception;
  }

  /** Adds {@code user} to the file realm as an operator does ({@code asadmin create-file-user}), runs, removes it. */
  private static void withRealmAdmin(String user, String password, WithUser body) throws Exception {
    Path passwordFile = Files.createTempFile("tandem-admin", ".txt");
    Files.writeString(passwordFile, "AS_ADMIN_USERPASSWORD=" + password + "\n");
    PayaraServer.asadmin(
        "--passwordfile", passwordFile.toString(), "create-file-user", "--groups", "admin", user);
    try {
      body.run();
    } finally {
      PayaraServer.asadmin("delete-file-user", user);
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
