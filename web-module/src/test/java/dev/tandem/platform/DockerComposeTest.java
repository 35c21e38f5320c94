package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.session.TandemSettings;
import dev.tandem.web.MakeConnectionPolls;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the top-level {@code docker-compose.yml} without a Docker engine: services, ports, environment,
 * health checks and start order; for the {@code cluster} profile also the balancer's nginx
 * configuration (round robin without affinity, retry and timeouts).
 */
class DockerComposeTest {

  /** Where the balancer's nginx reads the file mounted from the repository (http context). */
  private static final Path NGINX_CONFIG_IN_CONTAINER = Path.of("/etc/nginx/conf.d/default.conf");

  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    Path compose = Path.of("..", "docker-compose.yml");
    try (Reader reader = Files.newBufferedReader(compose)) {
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      services = (Map<String, Object>) root.get("services");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return map(services.get(name));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> profiles(String name) {
    return (List<Object>) service(name).getOrDefault("profiles", List.of());
  }

  /** Services without {@code profiles} always start (Compose); the others only with their profile. */
  @Test
  void definesPostgresAndTandemAlwaysAndTheClusterProfileAddsASecondNodeAndABalancer() {
    assertThat(services).containsOnlyKeys("postgres", "tandem", "tandem-2", "balancer");
    assertThat(profiles("postgres")).isEmpty();
    assertThat(profiles("tandem")).isEmpty();
    assertThat(profiles("tandem-2")).containsExactly("cluster");
    assertThat(profiles("balancer")).containsExactly("cluster");
  }

  /** Without the profile Compose must not need a profile's service (it would refuse to start). */
  @Test
  void servicesWithoutAProfileDependOnlyOnServicesWithoutAProfile() {
    for (String name : List.of("postgres", "tandem")) {
      Object dependsOn = service(name).get("depends_on");
      if (dependsOn != null) {
        assertThat(map(dependsOn).keySet()).allSatisfy(d -> assertThat(profiles(d)).isEmpty());
      }
    }
  }

  @Test
  void postgresIsVersion16WithDatabaseCredentialsAndHealthcheck() {
    Map<String, Object> postgres = service("postgres");
    assertThat(postgres.get("image")).isEqualTo("postgres:16");
    assertThat(map(postgres.get("environment")))
        .containsEntry("POSTGRES_DB", "tandem")
        .containsKeys("POSTGRES_USER", "POSTGRES_PASSWORD");
    assertThat((List<?>) postgres.get("ports")).anySatisfy(p -> assertThat(p.toString()).endsWith("5432:5432"));
    assertThat(map(postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");
  }

  @Test
  void tandemIsBuiltFromTheUberJarDockerfile() throws IOException {
    Map<String, Object> build = map(service("tandem").get("build"));
    Path dockerfile = Path.of("..").resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString());
    assertThat(dockerfile).exists();
    assertThat(Files.readString(dockerfile)).contains("tandem-micro.jar");
  }

  @Test
  @SuppressWarnings("unchecked")
  void tandemTalksToPostgresAndListensOnAllInterfaces() {
    Map<String, Object> tandem = service("tandem");
    Map<String, Object> environment = map(tandem.get("environment"));
    assertThat(environment)
        .containsEntry("TANDEM_JDBC_URL", "jdbc:postgresql://postgres:5432/tandem")
        .containsEntry("TANDEM_JDBC_USER", map(service("postgres").get("environment")).get("POSTGRES_USER"))
        .containsEntry("TANDEM_JDBC_PASSWORD", map(service("postgres").get("environment")).get("POSTGRES_PASSWORD"))
        .containsEntry("TANDEM_BIND_ADDRESS", "0.0.0.0");
    assertThat((List<Object>) tandem.get("ports")).containsExactly("8080:8080", "8181:8181");
  }

  @Test
  void tandemStartsAfterPostgresIsHealthyAndChecksItsReadiness() {
    Map<String, Object> tandem = service("tandem");
    assertThat(map(map(tandem.get("depends_on")).get("postgres")))
        .containsEntry("condition", "service_healthy");
    assertThat(map(tandem.get("healthcheck")).get("test").toString())
        .contains("http://localhost:8080/health/ready");
  }

  // --- the cluster profile ---

  @Test
  void theSecondNodeIsTheSameImageOnTheSameDatabaseWithNoPublishedPort() {
    Map<String, Object> tandem = service("tandem");
    Map<String, Object> second = service("tandem-2");
    assertThat(second.get("image")).isEqualTo(tandem.get("image"));
    // Its own build section, the same as the first node's, so that Compose never tries to pull it.
    assertThat(second.get("build")).isEqualTo(tandem.get("build"));
    Map<String, Object> environment = map(second.get("environment"));
    for (String key : List.of("TANDEM_JDBC_URL", "TANDEM_JDBC_USER", "TANDEM_JDBC_PASSWORD")) {
      assertThat(environment).containsEntry(key, map(tandem.get("environment")).get(key));
    }
    assertThat(environment)
        .containsEntry("TANDEM_JDBC_URL", "jdbc:postgresql://postgres:5432/tandem")
        .containsEntry("TANDEM_BIND_ADDRESS", "0.0.0.0");
    assertThat(second).doesNotContainKey("ports");
    assertThat(map(map(second.get("depends_on")).get("postgres")))
        .containsEntry("condition", "service_healthy");
    assertThat(map(second.get("healthcheck")).get("test").toString())
        .contains("http://localhost:8080/health/ready");
  }

  /** MicroProfile Config reads {@code tandem.cluster.enabled} from the variable below. */
  @Test
  void bothNodesHaveTheClusterSetting() {
    for (String node : List.of("tandem", "tandem-2")) {
      assertThat(map(service(node).get("environment")))
          .as(node)
          .containsEntry("TANDEM_CLUSTER_ENABLED", "true");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBalancerIsStockNginxOnPort8088AfterBothNodesAreHealthy() {
    Map<String, Object> balancer = service("balancer");
    assertThat(balancer.get("image").toString()).matches("nginx:[0-9]+");
    assertThat((List<Object>) balancer.get("ports")).containsExactly("8088:80");
    assertThat(nginx()).containsPattern("(?m)^\\s*listen\\s+80;");
    Map<String, Object> dependsOn = map(balancer.get("depends_on"));
    assertThat(dependsOn).containsOnlyKeys("tandem", "tandem-2");
    for (String node : List.of("tandem", "tandem-2")) {
      assertThat(map(dependsOn.get(node))).containsEntry("condition", "service_healthy");
    }
  }

  @Test
  void theBalancerRoundRobinsOverBothNodesWithoutAffinity() {
    String config = nginx();
    List<String> upstreamServers = new ArrayList<>();
    Matcher server = Pattern.compile("(?m)^\\s*server\\s+([^\\s;]+)").matcher(upstreamBlock(config));
    while (server.find()) {
      upstreamServers.add(server.group(1));
    }
    assertThat(upstreamServers).containsExactlyInAnyOrder("tandem:8080", "tandem-2:8080");
    assertThat(config).containsPattern("proxy_pass\\s+http://tandem_nodes;");
    // Round robin is nginx's default; these would pin a client or a key to one node.
    assertThat(config)
        .doesNotContainPattern("(?m)^\\s*(ip_hash|hash|sticky|sticky_cookie_insert|least_conn)\\b");
    assertThat(config).containsPattern("proxy_set_header\\s+Host\\s+\\$http_host;");
  }

  /**
   * A refused connection goes to the other node; a POST already sent is never passed on (no {@code
   * non_idempotent}), and every request gets a new connection, so a node's death shows as a refusal.
   */
  @Test
  void theBalancerRetriesARefusedRequestOnTheOtherNodeButNeverResendsAPost() {
    String config = nginx();
    String nextUpstream = directive(config, "proxy_next_upstream");
    assertThat(nextUpstream.split("\\s+")).contains("error").doesNotContain("non_idempotent", "off");
    assertThat(directive(config, "proxy_set_header Connection")).isEqualTo("close");
    // With request buffering off nginx could not pass a partly sent body to the next node.
    assertThat(config).doesNotContainPattern("proxy_request_buffering\\s+off");
  }

  @Test
  void theBalancerWaitsLongerThanAMakeConnectionPollIsHeld() throws ReflectiveOperationException {
    Duration hold =
        Duration.ofMillis(Long.parseLong(defaultOf(MakeConnectionPolls.class, "tandem.mc.hold-time")));
    Duration read = nginxTime(directive(nginx(), "proxy_read_timeout"));
    assertThat(read).isGreaterThanOrEqualTo(hold.plusSeconds(15));
  }

  @Test
  void theBalancerLetsTandemAnswerOversizedMessagesItself() throws ReflectiveOperationException {
    long limit = Long.parseLong(defaultOf(TandemSettings.class, "tandem.limits.max-message-bytes"));
    assertThat(nginxSize(directive(nginx(), "client_max_body_size"))).isGreaterThan(limit);
  }

  /** The nginx configuration mounted into the balancer, without its comments. */
  @SuppressWarnings("unchecked")
  private static String nginx() {
    List<Object> volumes = (List<Object>) service("balancer").get("volumes");
    assertThat(volumes).hasSize(1);
    String[] volume = volumes.get(0).toString().split(":");
    assertThat(Path.of(volume[1])).isEqualTo(NGINX_CONFIG_IN_CONTAINER);
    Path config = Path.of("..").resolve(volume[0]).normalize();
    assertThat(config).exists().isRegularFile();
    try {
      return Files.readString(config).replaceAll("#[^\\n]*", "");
    } catch (IOException e) {
      throw new AssertionError(config + " unreadable", e);
    }
  }

  private static String upstreamBlock(String config) {
    Matcher upstream = Pattern.compile("upstream\\s+tandem_nodes\\s*\\{([^}]*)}").matcher(config);
    assertThat(upstream.find()).as("upstream tandem_nodes { ... }").isTrue();
    return upstream.group(1);
  }

  /** The arguments of the one directive {@code name} (several words allowed, as in the config). */
  private static String directive(String config, String name) {
    Matcher matcher =
        Pattern.compile("(?m)^\\s*" + name.replace(" ", "\\s+") + "\\s+([^;]+);").matcher(config);
    assertThat(matcher.find()).as(name).isTrue();
    String arguments = matcher.group(1).trim();
    assertThat(matcher.find()).as(name + " more than once").isFalse();
    return arguments;
  }

  /** An nginx time ("60s", "1m", "500ms", a bare number is seconds). */
  private static Duration nginxTime(String value) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value);
    assertThat(m.matches()).as(value).isTrue();
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** An nginx size ("16m", "512k", "1g", a bare number is bytes). */
  private static long nginxSize(String value) {
    Matcher m = Pattern.compile("(\\d+)([kKmMgG])?").matcher(value);
    assertThat(m.matches()).as(value).isTrue();
    long n = Long.parseLong(m.group(1));
    return m.group(2) == null
        ? n
        : switch (m.group(2).toLowerCase()) {
          case "k" -> n << 10;
          case "m" -> n << 20;
          default -> n << 30;
        };
  }

  /** The default value of the {@code @ConfigProperty} named {@code name} in {@code type}. */
  private static String defaultOf(Class<?> type, String name) throws ReflectiveOperationException {
    for (Field field : type.getDeclaredFields()) {
      ConfigProperty property = field.getAnnotation(ConfigProperty.class);
      if (property != null && property.name().equals(name)) {
        return property.defaultValue();
      }
    }
    throw new NoSuchFieldException(type.getName() + " has no @ConfigProperty " + name);
  }
}
