package dev.tandem.server;

import static dev.tandem.server.PayaraServer.BASE;
import static dev.tandem.server.PayaraServer.asadmin;
import static dev.tandem.server.PayaraServer.restartDomain;
import static dev.tandem.testing.Envelopes.calc;
import static dev.tandem.testing.Envelopes.createSequence;
import static dev.tandem.testing.Envelopes.lastMessage;
import static dev.tandem.testing.Envelopes.terminate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.SoapClient;
import dev.tandem.testing.Envelopes;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EAR configured the way an operator configures a Payara Server domain, with {@code asadmin}
 * (the same settings as the admin console's pages): the JDBC resource {@code jdbc/tandem} on
 * PostgreSQL, a {@code tandem.*} MicroProfile Config property, and restarts of the domain in between.
 * Runs last: it leaves the domain reconfigured.
 *
 * <p>Needs the test PostgreSQL ({@code TANDEM_TEST_JDBC_URL}, as {@code scripts/verify.sh} starts it)
 * and a user that may create a database: the domain gets a database of its own.
 */
@ExtendWith(ArquillianExtension.class)
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServerConfigurationIT {
  private static final String RM10 = Envelopes.RM10;
  private static final String DATABASE = "tandem_payara_server_it";
  /** Replaced after each restart: its connections were to the server before. */
  private static SoapClient soap = new SoapClient(BASE.resolve("service.svc"));

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("tandem.ear")));
  }

  @Test
  @Order(1)
  void usesTheJdbcResourceTheOperatorCreatedAfterARestart() throws Exception {
    String url = freshDatabase();
    // What README "Deploy to Payara Server" tells the operator to run (or click in the console).
    asadmin("add-library", "--type", "common", System.getProperty("tandem.postgresql.driver"));
    asadmin(
        "create-jdbc-connection-pool",
        "--datasourceclassname", "org.postgresql.ds.PGSimpleDataSource",
        "--restype", "javax.sql.DataSource",
        "--property", "url=" + url.replace(":", "\\:") + ":user=" + user() + ":password=" + password(),
        "tandem-pool");
    asadmin("create-jdbc-resource", "--connectionpoolid", "tandem-pool", "jdbc/tandem");
    restart();

    assertThat(PayaraServer.readiness())
        .contains("\"status\":\"UP\"", "\"database\":\"PostgreSQL\"", "\"resource\":\"jdbc/tandem\"");
    String seq = openSequence();
    assertThat(soap.x("//c:AddResult", soap.post(calc(RM10, seq, 1, "Add", "100", "15.99")).body()))
        .isEqualTo("115.99");
    // Flyway migrated the operator's database, and the Sequence is stored there.
    try (Connection c = connect(url);
        PreparedStatement q = c.prepareStatement("select state, received_ranges from rm_sequence where id = ?")) {
      q.setString(1, seq);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).as("Sequence %s in %s", seq, url).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ACTIVE");
        assertThat(rs.getString(2)).isEqualTo("1-1");
      }
    }
  }

  @Test
  @Order(2)
  void aDomainRestartInTheMiddleOfASequenceLosesNothing() throws Exception {
    String seq = openSequence();
    assertThat(soap.x("//c:AddResult", soap.post(calc(RM10, seq, 1, "Add", "100", "15.99")).body()))
        .isEqualTo("115.99");
    soap.post(calc(RM10, seq, 2, "Subtract", "145", "76.54"));
    String reply3 = soap.post(calc(RM10, seq, 3, "Multiply", "9", "81.25")).body();
    assertThat(soap.x("//c:MultiplyResult", reply3)).isEqualTo("731.25");
    // Number 5 arrives ahead of 4: held and acknowledged, not yet executed.
    SoapClient.Reply held = soap.post(calc(RM10, seq, 5, "Add", "1", "1"));
    assertThat(soap.x("//r10:AcknowledgementRange[@Lower='5']/@Upper", held.body())).isEqualTo("5");

    restart();

    // The reply to 3 was lost on the way: its retry gets the stored reply, not a second execution.
    SoapClient.Reply retry3 = soap.post(calc(RM10, seq, 3, "Multiply", "9", "81.25"));
    assertThat(soap.x("//c:MultiplyResult", retry3.body())).isEqualTo("731.25");
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", retry3.body()))
        .isEqualTo(soap.x("//r10:Sequence/r10:MessageNumber", reply3));
    SoapClient.Reply four = soap.post(calc(RM10, seq, 4, "Divide", "22", "7"));
    assertThat(Double.parseDouble(soap.x("//c:DivideResult", four.body()))).isEqualTo(22.0 / 7);
    assertThat(soap.x("//r10:AcknowledgementRange/@Lower", four.body())).isEqualTo("1");
    assertThat(soap.x("//r10:AcknowledgementRange/@Upper", four.body())).isEqualTo("5");
    SoapClient.Reply five = soap.post(calc(RM10, seq, 5, "Add", "1", "1"));
    assertThat(soap.x("//c:AddResult", five.body())).isEqualTo("2.0");
    assertThat(soap.x("//r10:Sequence/r10:MessageNumber", five.body())).isEqualTo("5");
    assertThat(soap.x("//a:Action", soap.post(lastMessage(seq, 6)).body())).isEqualTo(RM10 + "/LastMessage");
    assertThat(soap.post(terminate(RM10, seq, null)).status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aTandemSettingSetWithSetConfigPropertyTakesEffectAfterARestart() throws Exception {
    long open = openSequences();
    // The admin console's MicroProfile Config page, domain scope.
    asadmin(
        "set-config-property",
        "--source=domain",
        "--propertyName=tandem.limits.max-open-sequences",
        "--propertyValue=" + (open + 1));
    restart();

    openSequence(); // the last one allowed
    SoapClient.Reply refused =
        soap.post(createSequence(RM10, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
    assertThat(refused.body()).contains("CreateSequenceRefused");
    assertThat(openSequences()).isEqualTo(open + 1);
    assertThat(PayaraServer.serverLog()).contains("TANDEM-RM-0006 CreateSequence refused: " + (open + 1));
  }

  private static void restart() throws Exception {
    restartDomain();
    soap = new SoapClient(BASE.resolve("service.svc"));
  }

  private static String openSequence() throws Exception {
    Envelopes.to(BASE.resolve("service.svc").toString());
    SoapClient.Reply cs =
        soap.post(createSequence(RM10, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
    assertThat(cs.status()).as(cs.body()).isEqualTo(200);
    return soap.x("//r10:CreateSequenceResponse/r10:Identifier", cs.body());
  }

  private static long openSequences() throws Exception {
    try (Connection c = connect(databaseUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from rm_sequence where state <> 'TERMINATED'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A new, empty database next to the test database (dropped first if an earlier run left it). */
  private static String freshDatabase() throws Exception {
    String testUrl = System.getenv("TANDEM_TEST_JDBC_URL");
    assertThat(testUrl)
        .as("ServerConfigurationIT needs PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .startsWith("jdbc:postgresql:");
    try (Connection c = connect(testUrl);
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + DATABASE + " with (force)");
      s.execute("create database " + DATABASE);
    }
    return databaseUrl();
  }

  private static String databaseUrl() {
    String testUrl = System.getenv("TANDEM_TEST_JDBC_URL");
    int slash = testUrl.lastIndexOf('/');
    int query = testUrl.indexOf('?', slash);
    return testUrl.substring(0, slash + 1) + DATABASE + (query < 0 ? "" : testUrl.substring(query));
  }

  private static Connection connect(String url) throws Exception {
    return DriverManager.getConnection(url, user(), password());
  }

  private static String user() {
    return System.getenv("TANDEM_TEST_JDBC_USER");
  }

  private static String password() {
    return System.getenv("TANDEM_TEST_JDBC_PASSWORD");
  }
}
