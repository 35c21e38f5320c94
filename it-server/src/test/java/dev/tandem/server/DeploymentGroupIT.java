package dev.tandem.server;

import static dev.tandem.server.PayaraServer.HOME;
import static dev.tandem.server.PayaraServer.asadmin;
import static dev.tandem.testing.Envelopes.RM11;
import static dev.tandem.testing.Envelopes.calc;
import static dev.tandem.testing.Envelopes.close;
import static dev.tandem.testing.Envelopes.createSequence;
import static dev.tandem.testing.Envelopes.terminate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.rm.SoapClient;
import dev.tandem.testing.Envelopes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Tandem nodes on Payara Server: a deployment group {@value #GROUP} of two instances on the
 * DAS's own node ({@code localhost-domain1}), each with its own ports, sharing one PostgreSQL database
 * through a {@code jdbc/tandem} resource referenced by the group only, with {@code
 * tandem.cluster.enabled=true} in the instances' configuration. One reliable calculator Sequence whose
 * messages alternate between the two instances executes each message once, in order (the execution
 * ledger), and exactly one instance holds the sweep lease.
 *
 * <p>Not an Arquillian test: the EAR goes to the group, not to the DAS, and Arquillian starts no
 * domain for a class without a {@code @Deployment}. It starts the domain itself when it is not
 * running (and stops it again, for Arquillian to start it for the next class). Runs first and leaves
 * the domain as it found it (the group, its instances and configuration, the resource, the pool and
 * the driver removed again): the other classes expect a domain with no {@code jdbc/tandem}.
 *
 * <p>Needs the test PostgreSQL ({@code TANDEM_TEST_JDBC_URL}) and a user that may create a database:
 * the group gets a database of its own.
 */
@Order(0)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class DeploymentGroupIT {
  private static final String GROUP = "tandem-dg";
  private static final String CONFIG = "tandem-dg-config";
  private static final String POOL = "tandem-dg-pool";
  private static final String NODE = "localhost-domain1";
  private static final List<String> INSTANCES = List.of("tandem-dg-1", "tandem-dg-2");
  private static final String DATABASE = "tandem_deployment_group_it";
  /** Instance start-up (and the EAR's deployment in it) takes minutes on a loaded 2-core machine. */
  private static final Duration START = Duration.ofMinutes(10);

  /** Each instance's calculator endpoint, in {@link #INSTANCES} order. */
  private static final List<URI> endpoints = new ArrayList<>();
  /**
   * The asadmin commands that undo what this class did so far, the last first: a set-up that fails
   * half-way is undone as far as it got, and nothing this class did not create is removed.
   */
  private static final Deque<String[]> undo = new ArrayDeque<>();
  private static long started;

  @BeforeAll
  static void createTheGroup() throws Exception {
    started = System.nanoTime();
    if (!asadmin("list-domains").contains("domain1 running")) {
      asadmin(Duration.ofMinutes(10), "start-domain", "domain1");
      undo.push(new String[] {"stop-domain", "domain1"});
    }
    long domainUp = System.nanoTime();
    assertThat(asadmin("list-jdbc-resources"))
        .as("DeploymentGroupIT creates jdbc/tandem for its group: it runs before the classes that create one")
        .doesNotContain("jdbc/tandem");
    String url = freshDatabase();
    Path driver = PayaraServer.DOMAIN.resolve("lib/postgresql.jar");
    if (!Files.exists(driver)) {
      // The instances get the domain's lib/ when they start (and so the driver for the pool).
      asadmin("add-library", "--type", "common", System.getProperty("tandem.postgresql.driver"));
      undo.push(new String[] {"remove-library", "--type", "common", "postgresql.jar"});
    }
    asadmin("create-deployment-group", GROUP);
    undo.push(new String[] {"delete-deployment-group", GROUP});
    // One configuration both instances share: one place for tandem.* settings, as for a cluster.
    asadmin("copy-config", "default-config", CONFIG);
    undo.push(new String[] {"delete-config", CONFIG});
    setForTheGroup("tandem.cluster.enabled", "true");
    // The exactly-once evidence this test reads (rm_execution).
    setForTheGroup("tandem.ledger.enabled", "true");
    for (String instance : INSTANCES) {
      Ports ports = Ports.free();
      asadmin(
          "create-instance", "--node", NODE, "--config", CONFIG, "--checkports=false",
          "--systemproperties", ports.systemProperties(), instance);
      undo.push(new String[] {"delete-instance", instance});
      asadmin("add-instance-to-deployment-group", "--instance", instance, "--deploymentgroup", GROUP);
      endpoints.add(URI.create("http://localhost:" + ports.http() + "/servicemodelsamples/service.svc"));
    }
    asadmin(
        "create-jdbc-connection-pool",
        "--datasourceclassname", "org.postgresql.ds.PGSimpleDataSource",
        "--restype", "javax.sql.DataSource",
        "--property", "url=" + url.replace(":", "\\:") + ":user=" + user() + ":password=" + password(),
        POOL);
    undo.push(new String[] {"delete-jdbc-connection-pool", POOL});
    // Created for the domain, then referenced by the group: create-jdbc-resource --target <group>
    // creates the resource but references it from nowhere (Payara 6.2025.9).
    asadmin("create-jdbc-resource", "--connectionpoolid", POOL, "--target", "domain", "jdbc/tandem");
    undo.push(new String[] {"delete-jdbc-resource", "--target", "domain", "jdbc/tandem"});
    asadmin("create-resource-ref", "--target", GROUP, "jdbc/tandem");
    undo.push(new String[] {"delete-resource-ref", "--target", GROUP, "jdbc/tandem"});
    asadmin("deploy", "--target", GROUP, System.getProperty("tandem.ear"));
    undo.push(new String[] {"undeploy", "--target", "domain", "tandem"});
    long configured = System.nanoTime();
    // Undone even when it fails: an instance may have started.
    undo.push(new String[] {"stop-deployment-group", GROUP});
    asadmin(Duration.ofMinutes(10), "start-deployment-group", GROUP);
    long instancesUp = System.nanoTime();
    // start-deployment-group returns when the instances run, before the EAR has started in them.
    for (URI endpoint : endpoints) {
      await()
          .atMost(START)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> PayaraServer.get(URI.create(endpoint + "?wsdl")).statusCode() == 200);
    }
    System.out.printf(
        "[DeploymentGroupIT] start-domain %d s, configured in %d s, start-deployment-group %d s,"
            + " serving after %d s more%n",
        seconds(started, domainUp),
        seconds(domainUp, configured),
        seconds(configured, instancesUp),
        seconds(instancesUp, System.nanoTime()));
  }

  @AfterAll
  static void removeTheGroup() throws Exception {
    long begin = System.nanoTime();
    Envelopes.to(Envelopes.TO); // the other classes' envelopes go to the DAS
    List<String> failed = new ArrayList<>();
    // Every step is tried even when one fails: what is left would break the next classes.
    while (!undo.isEmpty()) {
      String[] command = undo.pop();
      try {
        asadmin(command);
      } catch (Exception | AssertionError e) {
        failed.add(String.join(" ", command) + ": " + e.getMessage());
      }
    }
    System.out.printf(
        "[DeploymentGroupIT] removed in %d s; whole class %d s%n",
        seconds(begin, System.nanoTime()), seconds(started, System.nanoTime()));
    assertThat(failed).as("clean-up steps that failed").isEmpty();
  }

  @Test
  void aSequenceWhoseMessagesAlternateBetweenTheInstancesExecutesEachOnceInOrder() throws Exception {
    SoapClient[] node = {new SoapClient(endpoints.get(0)), new SoapClient(endpoints.get(1))};
    // wsa:To names one address for the whole Sequence, as behind a balancer.
    Envelopes.to(endpoints.get(0).toString());
    SoapClient.Reply created =
        node[0].post(createSequence(RM11, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String seq = node[0].x("//r11:CreateSequenceResponse/r11:Identifier", created.body());

    int messages = 10;
    for (int n = 1; n <= messages; n++) {
      if (n == 3) {
        // 4 reaches the first instance ahead of 3: held there (acknowledged, not executed) until 3
        // reaches the second instance, which then executes both.
        SoapClient.Reply held = node[0].post(add(seq, 4));
        assertThat(held.body()).doesNotContain("AddResult");
        assertThat(node[0].x("//r11:AcknowledgementRange[@Lower='4']/@Upper", held.body())).isEqualTo("4");
      }
      // Odd numbers to the second instance, even to the first (4 again: its reply is the stored one).
      SoapClient.Reply reply = node[n % 2].post(add(seq, n));
      assertThat(reply.status()).as("message %d: %s", n, reply.body()).isEqualTo(200);
      assertThat(node[0].x("//c:AddResult", reply.body())).as("message %d", n).isEqualTo(n + ".5");
    }
    SoapClient.Reply closed = node[0].post(close(seq, messages));
    assertThat(node[0].x("count(//r11:SequenceAcknowledgement/r11:Final)", closed.body())).isEqualTo("1");
    assertThat(node[0].x("//r11:AcknowledgementRange/@Lower", closed.body())).isEqualTo("1");
    assertThat(node[0].x("//r11:AcknowledgementRange/@Upper", closed.body()))
        .isEqualTo(Integer.toString(messages));
    assertThat(node[1].post(terminate(RM11, seq, Integer.toString(messages))).status()).isEqualTo(200);

    assertThat(executions(seq))
        .as("execution ledger of %s, in execution order", seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, messages).boxed().toList());
  }

  @Test
  void bothInstancesListenAndExactlyOneHoldsTheSweepLease() throws Exception {
    for (String instance : INSTANCES) {
      assertThat(serverLog(instance)).as("%s's server.log", instance).contains("TANDEM-CLUSTER-0002 node ");
    }
    // The other node keeps trying the lease once a second and never gets it while the holder lives.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> INSTANCES.stream().filter(i -> holdsLease(i)).count() == 1);
    assertThat(INSTANCES.stream().filter(i -> holdsLease(i)).count()).isEqualTo(1);
  }

  /** The calculator's Add(n, 0.5) as message n of the Sequence. */
  private static String add(String seq, long n) {
    return calc(RM11, seq, n, "Add", Long.toString(n), "0.5");
  }

  private static void setForTheGroup(String property, String value) throws Exception {
    asadmin(
        "set-config-property", "--source=config", "--sourceName=" + CONFIG,
        "--propertyName=" + property, "--propertyValue=" + value);
  }

  private static String serverLog(String instance) throws IOException {
    Path log = HOME.resolve("glassfish/nodes").resolve(NODE).resolve(instance).resolve("logs/server.log");
    return Files.readString(log, StandardCharsets.ISO_8859_1);
  }

  private static boolean holdsLease(String instance) {
    try {
      return serverLog(instance).contains("TANDEM-CLUSTER-0004 node ");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Sequence's executed MessageNumbers in execution order (rm_execution's id order). */
  private static List<Long> executions(String seq) throws Exception {
    List<Long> numbers = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(databaseUrl(), user(), password());
        PreparedStatement q =
            c.prepareStatement("select message_number from rm_execution where sequence_id = ? order by id")) {
      q.setString(1, seq);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          numbers.add(rs.getLong(1));
        }
      }
    }
    return numbers;
  }

  /** A new, empty database next to the test database (dropped first if an earlier run left it). */
  private static String freshDatabase() throws Exception {
    String testUrl = System.getenv("TANDEM_TEST_JDBC_URL");
    assertThat(testUrl)
        .as("DeploymentGroupIT needs PostgreSQL: run `bash scripts/verify.sh` or set TANDEM_TEST_JDBC_URL")
        .startsWith("jdbc:postgresql:");
    try (Connection c = DriverManager.getConnection(testUrl, user(), password());
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

  private static String user() {
    return System.getenv("TANDEM_TEST_JDBC_USER");
  }

  private static String password() {
    return System.getenv("TANDEM_TEST_JDBC_PASSWORD");
  }

  private static long seconds(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(toNanos - fromNanos);
  }

  /**
   * An instance's ports, each free when chosen (other Payara processes run on this machine): every
   * port system property of default-config, so nothing clashes with the DAS or the other instance.
   */
  private record Ports(int[] ports) {
    private static final List<String> NAMES =
        List.of(
            "HTTP_LISTENER_PORT", "HTTP_SSL_LISTENER_PORT", "ASADMIN_LISTENER_PORT", "IIOP_LISTENER_PORT",
            "IIOP_SSL_LISTENER_PORT", "IIOP_SSL_MUTUALAUTH_PORT", "JMX_SYSTEM_CONNECTOR_PORT",
            "JMS_PROVIDER_PORT", "OSGI_SHELL_TELNET_PORT", "JAVA_DEBUGGER_PORT", "HZ_LISTENER_PORT");

    static Ports free() throws IOException {
      // All sockets open at once: the OS hands out distinct ports.
      List<ServerSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < NAMES.size(); i++) {
          sockets.add(new ServerSocket(0));
        }
        return new Ports(sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray());
      } finally {
        for (ServerSocket s : sockets) {
          s.close();
        }
      }
    }

    int http() {
      return ports[0];
    }

    /** For {@code create-instance --systemproperties}: {@code NAME=port:NAME=port:...}. */
    String systemProperties() {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < NAMES.size(); i++) {
        pairs.add(NAMES.get(i) + "=" + ports[i]);
      }
      return String.join(":", pairs);
    }
  }
}
