package dev.tandem.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the top-level {@code docker-compose.yml} without a Docker engine: services, ports, environment,
 * health checks and start order.
 */
class DockerComposeTest {

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

  @Test
  void definesPostgresAndTandem() {
    assertThat(services).containsOnlyKeys("postgres", "tandem");
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
}
