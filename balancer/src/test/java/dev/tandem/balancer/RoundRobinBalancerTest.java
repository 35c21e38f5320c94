package dev.tandem.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RoundRobinBalancer against JDK HttpServers that answer with their name: requests go to the nodes in
 * turn, a node that refuses the connection is skipped, and with every node refusing the answer is 502.
 */
class RoundRobinBalancerTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RoundRobinBalancer balancer;

  @AfterEach
  void stop() {
    if (balancer != null) {
      balancer.close();
    }
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void sendsEachRequestToTheNextNodeInTurn() throws Exception {
    balancer = new RoundRobinBalancer(List.of(node("a", 200), node("b", 200), node("c", 200)));
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(post("/service.svc?x=1").body());
    }
    assertThat(answers).containsExactly("a /service.svc?x=1 <m/> text/xml urn:add", "b /service.svc?x=1 <m/> text/xml urn:add",
        "c /service.svc?x=1 <m/> text/xml urn:add", "a /service.svc?x=1 <m/> text/xml urn:add",
        "b /service.svc?x=1 <m/> text/xml urn:add", "c /service.svc?x=1 <m/> text/xml urn:add");
    assertThat(List.of(balancer.served(0), balancer.served(1), balancer.served(2))).containsExactly(2L, 2L, 2L);
    assertThat(balancer.failovers()).isZero();
  }

  @Test
  void passesANodesErrorOnWithoutTryingAnother() throws Exception {
    balancer = new RoundRobinBalancer(List.of(node("a", 500), node("b", 200)));
    HttpResponse<String> response = post("/s");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
    assertThat(response.body()).startsWith("a ");
    assertThat(balancer.served(1)).isZero();
  }

  @Test
  void aRefusedConnectionGoesToTheNextNode() throws Exception {
    balancer = new RoundRobinBalancer(List.of(refusing(), node("b", 200), refusing()));
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = post("/s");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).startsWith("b ");
    }
    assertThat(balancer.served(1)).isEqualTo(3);
    assertThat(balancer.served(0)).isZero();
    assertThat(balancer.served(2)).isZero();
    // first try node 0 (refused, on to b), node 1 (b), node 2 (refused, on to node 0: refused, on to b)
    assertThat(balancer.failovers()).isEqualTo(3);
    assertThat(balancer.badGateway()).isZero();
  }

  @Test
  void answers502WhenEveryNodeRefuses() throws Exception {
    balancer = new RoundRobinBalancer(List.of(refusing(), refusing()));
    HttpResponse<String> response = post("/s");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).isEmpty();
    assertThat(balancer.badGateway()).isEqualTo(1);
  }

  @Test
  void viaKeepsPathAndQuery() throws Exception {
    balancer = new RoundRobinBalancer(List.of(URI.create("http://127.0.0.1:1")));
    assertThat(balancer.via(URI.create("http://127.0.0.1:8080/servicemodelsamples/service.svc?wsdl")))
        .isEqualTo(URI.create("http://127.0.0.1:" + balancer.port() + "/servicemodelsamples/service.svc?wsdl"));
  }

  private HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancer.port() + pathAndQuery))
            .header("Content-Type", "text/xml")
            .header("SOAPAction", "urn:add")
            .POST(HttpRequest.BodyPublishers.ofString("<m/>"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A node answering {@code status} with "name path?query body Content-Type SOAPAction". */
  private URI node(String name, int status) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.createContext("/", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      byte[] answer =
          (name + " " + exchange.getRequestURI() + " " + body + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " " + exchange.getRequestHeaders().getFirst("SOAPAction"))
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A loopback port nothing listens on any more: connecting to it is refused. */
  private static URI refusing() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
