package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the real WAR to a managed Payara Micro configured like the uber-jar, and checks over plain
 * HTTP that the service answers and that its store is the database the environment names.
 */
@ExtendWith(ArquillianExtension.class)
class PlatformSmokeIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/tandem.war"));
  }

  @Test
  void servesTheContextRootOnLoopback() {
    assertThat(base.getPath()).isEqualTo("/servicemodelsamples/");
    assertThat(base.getHost()).isIn("localhost", "127.0.0.1");
  }

  @Test
  void serviceEndpointPublishesItsWsdl() throws Exception {
    HttpResponse<String> response = get("service.svc?wsdl");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("wsdl:definitions");
  }

  @Test
  void storeIsTheApplicationsOwnDataSourceOnTheConfiguredDatabase() throws Exception {
    // No jdbc/tandem on this server: the WAR's own data source, on tandem.jdbc.url (TANDEM_JDBC_URL) or H2.
    HttpResponse<String> response = get("/health/ready");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String expected = isSet(System.getenv("TANDEM_JDBC_URL")) ? "PostgreSQL" : "H2";
    assertThat(response.body())
        .contains("\"database\":\"" + expected + "\"")
        .contains("\"resource\":\"java:app/jdbc/tandem-default\"");
    System.out.println("[PlatformSmokeIT] store -> " + response.body().trim());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
