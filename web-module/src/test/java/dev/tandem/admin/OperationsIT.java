package dev.tandem.admin;

import static dev.tandem.testing.Envelopes.RM11;
import static dev.tandem.testing.Envelopes.calc;
import static dev.tandem.testing.Envelopes.createSequence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.rm.SoapClient;
import dev.tandem.rm.TandemServer;
import dev.tandem.testing.Envelopes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.yaml.snakeyaml.Yaml;

/**
 * What an operator relies on, on the uber-jar over PostgreSQL (a schema of its own, so the store's
 * gauges count only this test's Sequences): the admin page in a real browser (Debian's Chromium,
 * Selenium), its JSON view, and the metrics at {@code /metrics} after a scripted session over a
 * lossy link. Screenshots go to {@code target/screenshots/}.
 */
class OperationsIT {
  private static final String ADMIN = "ops";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String JDBC = System.getenv("TANDEM_JDBC_URL");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String schema;
  private static TandemServer server;
  private static SoapClient soap;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    assertThat(JDBC)
        .as("OperationsIT runs on PostgreSQL: run `bash scripts/verify.sh`")
        .startsWith("jdbc:postgresql:");
    schema = "ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("create schema " + schema);
    server =
        TandemServer.start(
            TandemServer.freePort(),
            TandemServer.freePort(),
            "operations",
            "server.log",
            List.of("-Dtandem.admin.user=" + ADMIN, "-Dtandem.admin.password=" + PASSWORD),
            Map.of(
                "TANDEM_JDBC_URL",
                JDBC + (JDBC.contains("?") ? "&" : "?") + "currentSchema=" + schema));
    soap = new SoapClient(server.endpoint());
    Envelopes.to(server.endpoint().toString());
    URI e = server.endpoint();
    base = e.getScheme() + "://" + e.getAuthority() + "/servicemodelsamples";
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (schema != null) {
      sql("drop schema " + schema + " cascade");
    }
  }

  @Test
  void adminPageListsShowsAndTerminatesASequence() throws Exception {
    String id = open();
    for (long n = 1; n <= 2; n++) {
      assertThat(soap.post(calc(RM11, id, n, "Add", Long.toString(n), "1")).status()).isEqualTo(200);
    }
    try (Browser browser = new Browser()) {
      WebDriver web = browser.driver();
      AdminPages admin = new AdminPages(web, base);

      // Anonymous: sent to the login form, shown no Sequence.
      admin.open("/admin/sequences");
      assertThat(web.getCurrentUrl()).contains("/admin/login");
      assertThat(web.findElements(By.id("sequences"))).isEmpty();
      browser.screenshot("admin-login");

      admin.logIn(ADMIN, "wrong");
      assertThat(web.findElement(By.id("login-error")).getText()).contains("Wrong");

      admin.logIn(ADMIN, PASSWORD);
      assertThat(web.getCurrentUrl()).endsWith("/admin/sequences");
      WebElement row = admin.sequenceRow(id);
      assertThat(row.findElement(By.cssSelector("td.state")).getText()).isEqualTo("active");
      browser.screenshot("admin-list");

      // Filters: by state and by part of the Identifier.
      admin.open("/admin/sequences?state=terminated&q=" + enc(id));
      assertThat(web.findElements(By.cssSelector("tr.sequence"))).isEmpty();
      admin.open("/admin/sequences?state=active&q=" + enc(id.substring(9, 30)));
      assertThat(admin.sequenceRow(id)).isNotNull();

      admin.openDetail(id);
      List<WebElement> messages = web.findElements(By.cssSelector("#messages tr.message"));
      assertThat(messages).extracting(m -> m.getAttribute("data-number")).containsExactly("1", "2");
      assertThat(messages)
          .extracting(m -> m.findElement(By.cssSelector("td.status")).getText())
          .containsOnly("answered");
      assertThat(web.findElement(By.id("ack-ranges")).getText()).isEqualTo("1-2");
      browser.screenshot("admin-detail");

      // The messages from a MessageNumber on (a long Sequence is read page by page).
      WebElement from = web.findElement(By.id("from"));
      from.clear();
      from.sendKeys("2");
      admin.navigate(web.findElement(By.id("go")));
      assertThat(web.findElements(By.cssSelector("#messages tr.message")))
          .extracting(m -> m.getAttribute("data-number"))
          .containsExactly("2");
      admin.navigate(web.findElement(By.id("messages-first")));
      assertThat(web.findElements(By.cssSelector("#messages tr.message"))).hasSize(2);
      assertThat(web.findElements(By.id("messages-next"))).as("all shown: no next page").isEmpty();
      admin.open("/admin/sequence?id=" + enc(id) + "&from=99");
      assertThat(web.findElement(By.id("messages")).getText()).contains("none stored from MessageNumber 99 on");

      admin.navigate(web.findElement(By.id("terminate")));
      assertThat(web.findElement(By.id("question")).getText()).contains("SequenceTerminated");
      browser.screenshot("admin-confirm");
      admin.navigate(web.findElement(By.id("confirm")));
      assertThat(web.findElement(By.id("flash")).getText()).startsWith("Terminated");
      assertThat(web.findElement(By.id("state")).getText()).isEqualTo("terminated");
      browser.screenshot("admin-terminated");
    }

    // The client's next message gets the spec's fault (WS-RM 1.1 §4.7).
    SoapClient.Reply next = soap.post(calc(RM11, id, 3, "Add", "3", "1"));
    assertThat(next.status()).isEqualTo(500);
    assertThat(soap.x("//s:Subcode/s:Value", next.body())).isEqualTo("r:SequenceTerminated");
    assertThat(Files.readString(server.log()))
        .contains("TANDEM-ADMIN-0001 Sequence " + id + " terminated by operator " + ADMIN);
  }

  @Test
  void jsonViewRefusesAnonymousAndListsWhatThePageLists() throws Exception {
    String a = open();
    String b = open();
    HttpResponse<String> anonymous = get("/admin/api/sessions", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Basic"));
    assertThat(get("/admin/api/sessions", "ops:nope").statusCode()).isEqualTo(401);

    HttpResponse<String> json = get("/admin/api/sessions", ADMIN + ":" + PASSWORD);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().allValues("Set-Cookie")).as("a script's call leaves no session").isEmpty();
    Map<String, Object> page = new Yaml().load(json.body());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sessions = (List<Map<String, Object>>) page.get("sessions");
    Set<String> fromJson =
        sessions.stream().map(s -> (String) s.get("id")).collect(Collectors.toCollection(TreeSet::new));

    HttpResponse<String> html = get("/admin/sequences", ADMIN + ":" + PASSWORD);
    assertThat(html.statusCode()).isEqualTo(200);
    Set<String> fromPage = new TreeSet<>();
    Matcher m = Pattern.compile("<tr class=\"sequence\" data-id=\"([^\"]+)\"").matcher(html.body());
    while (m.find()) {
      fromPage.add(m.group(1));
    }
    assertThat(fromJson).contains(a, b).isEqualTo(fromPage);
    assertThat(((Number) page.get("total")).intValue()).isEqualTo(fromJson.size());
    // Pages: the second session of the list, alone.
    Map<String, Object> second =
        new Yaml().load(get("/admin/api/sessions?offset=1&limit=1", ADMIN + ":" + PASSWORD).body());
    assertThat(second).containsEntry("offset", 1).containsEntry("total", page.get("total"));
    assertThat((List<?>) second.get("sessions"))
        .singleElement()
        .satisfies(s -> assertThat(((Map<?, ?>) s).get("id")).isEqualTo(sessions.get(1).get("id")));

    HttpResponse<String> one =
        get("/admin/api/sessions/" + enc(a), ADMIN + ":" + PASSWORD);
    assertThat(one.statusCode()).isEqualTo(200);
    Map<String, Object> detail = new Yaml().load(one.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) detail.get("summary");
    assertThat(summary).containsEntry("id", a).containsEntry("state", "active");
    assertThat(get("/admin/api/sessions/urn:uuid:nobody", ADMIN + ":" + PASSWORD).statusCode())
        .isEqualTo(404);

    // A session's messages, page by page from a MessageNumber.
    for (long n = 1; n <= 3; n++) {
      post(calc(RM11, a, n, "Add", Long.toString(n), "1"), 200);
    }
    Map<String, Object> firstPage = messagesPage(a, "limit=2");
    assertThat(numbers(firstPage)).containsExactly(1, 2);
    assertThat(firstPage).containsEntry("messagesFrom", 1).containsEntry("messagesNext", 3);
    Map<String, Object> lastPage = messagesPage(a, "from=3&limit=2");
    assertThat(numbers(lastPage)).containsExactly(3);
    assertThat(lastPage.get("messagesNext")).as("no page after the last").isNull();
    for (String bad : new String[] {"from=0", "limit=0", "limit=1001"}) {
      assertThat(get("/admin/api/sessions/" + enc(a) + "?" + bad, ADMIN + ":" + PASSWORD).statusCode())
          .as(bad)
          .isEqualTo(400);
    }
  }

  /**
   * A session over a lossy link, scripted so every count is known: the link loses message 2 (3
   * arrives ahead of the gap and is held), then the reply to the retransmitted 2 (2 arrives a third
   * time and is answered from the store); a message for a Sequence nobody knows gets a fault.
   */
  @Test
  void metricsCountWhatTheLinkDid() throws Exception {
    Map<String, Double> before = metrics();
    String id = open();
    post(calc(RM11, id, 1, "Add", "1", "1"), 200);
    soap.post(calc(RM11, id, 3, "Add", "3", "1")); // 2 lost: 3 is held
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(gauge("tandem_messages_held")).isEqualTo(1.0));
    post(calc(RM11, id, 2, "Add", "2", "1"), 200); // 2 arrives: 2 and 3 delivered
    post(calc(RM11, id, 2, "Add", "2", "1"), 200); // its reply was lost: sent again
    SoapClient.Reply unknown = soap.post(calc(RM11, "urn:uuid:" + UUID.randomUUID(), 1, "Add", "1", "1"));
    assertThat(soap.x("//s:Subcode/s:Value", unknown.body())).isEqualTo("r:UnknownSequence");
    int posts = 6; // CreateSequence, 1, 3, 2, 2, the unknown one

    Map<String, Double> after = metrics();
    String ep = "endpoint=\"/service.svc\"";
    assertThat(delta(before, after, "tandem_messages_received_total", ep)).isEqualTo(3);
    assertThat(delta(before, after, "tandem_messages_delivered_total", ep)).isEqualTo(3);
    assertThat(delta(before, after, "tandem_messages_held_behind_gap_total", ep)).isEqualTo(1);
    assertThat(delta(before, after, "tandem_messages_retransmissions_answered_total", ep))
        .isEqualTo(1);
    assertThat(delta(before, after, "tandem_messages_faulted_total", "code=\"UnknownSequence\""))
        .isEqualTo(1);
    assertThat(delta(before, after, "tandem_message_processing_seconds_count", "")).isEqualTo(posts);
    assertThat(delta(before, after, "tandem_store_transaction_seconds_count", "")).isEqualTo(posts);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(gauge("tandem_messages_held")).isZero();
              assertThat(gauge("tandem_store_up")).isEqualTo(1.0);
              // This test's schema holds only this class's Sessions: the ones the page lists.
              assertThat(gauge("tandem_sequences", ep, "state=\"active\""))
                  .isEqualTo(count("state=active&endpoint=/service.svc"));
            });
    URI e = server.endpoint();
    HttpResponse<String> live =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(e.getScheme() + "://" + e.getAuthority() + "/health/live"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("tandem-outbound-sender");
    HttpResponse<String> started =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(e.getScheme() + "://" + e.getAuthority() + "/health/started"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.body()).contains("\"name\":\"tandem-started\",\"status\":\"UP\"");
  }

  private static Map<String, Object> messagesPage(String id, String query) throws Exception {
    HttpResponse<String> r = get("/admin/api/sessions/" + enc(id) + "?" + query, ADMIN + ":" + PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new Yaml().load(r.body());
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> numbers(Map<String, Object> detail) {
    return ((List<Map<String, Object>>) detail.get("messages"))
        .stream().map(m -> ((Number) m.get("messageNumber")).intValue()).toList();
  }

  private static String open() throws Exception {
    SoapClient.Reply cs =         soap.post(
            createSequence(RM11, "urn:uuid:" + UUID.randomUUID(), "urn:uuid:" + UUID.randomUUID()));
    assertThat(cs.status()).as(cs.body()).isEqualTo(200);
    return soap.x("//r11:CreateSequenceResponse/r11:Identifier", cs.body());
  }

  private static void post(String envelope, int status) throws Exception {
    SoapClient.Reply r = soap.post(envelope);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
  }

  private static double count(String query) throws Exception {
    Map<String, Object> page =
        new Yaml().load(get("/admin/api/sessions?" + query, ADMIN + ":" + PASSWORD).body());
    return ((Number) page.get("total")).doubleValue();
  }

  private static HttpResponse<String> get(String path, String basic) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (basic != null) {
      r.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Double> metrics() throws Exception {
    return server.metrics();
  }

  private static double gauge(String name, String... labels) throws Exception {
    return TandemServer.sample(metrics(), name, labels);
  }

  private static double delta(
      Map<String, Double> before, Map<String, Double> after, String name, String label) {
    return TandemServer.sample(after, name, label) - TandemServer.sample(before, name, label);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void sql(String statement) throws Exception {
    try (Connection db =
            DriverManager.getConnection(
                JDBC, System.getenv("TANDEM_JDBC_USER"), System.getenv("TANDEM_JDBC_PASSWORD"));
        Statement st = db.createStatement()) {
      st.execute(statement);
    }
  }
}
