package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender never leaks an in-flight slot (issue #14): a message whose request cannot be built
 * (an address the JDK's HTTP client refuses), whose address the policy refuses, or whose send throws
 * gives its slot back and counts as a failed attempt, and the rest of its batch is still sent.
 */
class OutboundSenderTest {
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
  private final Deque<List<OutboundDispatch>> batches = new ArrayDeque<>();
  private final HttpServer client;
  private final OutboundSender sender = new OutboundSender();
  private long nextId = 1;

  OutboundSenderTest() throws IOException {
    client = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    client.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          posted.add(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    client.start();
    sender.scheduler = managed(executor);
    sender.settings = new TandemSettings();
    sender.delivery =
        new OutboundDelivery() {
          @Override
          public Claim claimDue(int limit) {
            return claimDue(limit, 1_000);
          }

          @Override
          public Claim claimDue(int limit, long initialIntervalMillis) {
            synchronized (batches) {
              List<OutboundDispatch> next = batches.poll();
              if (next == null) {
                return new Claim(List.of(), 0, 0);
              }
              int n = Math.min(limit, next.size());
              if (n < next.size()) {
                batches.addFirst(List.copyOf(next.subList(n, next.size()))); // still due
              }
              return new Claim(List.copyOf(next.subList(0, n)), n, 0);
            }
          }

          @Override
          public void delivered(String sessionId, long id) {
            delivered.add(id);
          }
        };
    sender.http =
        new ThrowingHttpClient(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "/throws/");
  }

  @AfterEach
  void stop() {
    client.stop(0);
    executor.shutdownNow();
  }

  private String good(String name) {
    return "http://127.0.0.1:" + client.getAddress().getPort() + "/good/" + name;
  }

  private OutboundDispatch dispatch(String to) {
    return new OutboundDispatch(
        nextId++, "urn:uuid:session", to, "<s:Envelope/>".getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void aMessageThatCannotBeSentGivesItsSlotBackAndTheRestOfTheBatchGoes() {
    List<OutboundDispatch> batch =
        List.of(
            dispatch(good("1")),
            dispatch("urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301"), // URI.create accepted it, HttpRequest not
            dispatch("http://exa mple.com/"), // URI.create threw here before the fix
            dispatch(good("2")),
            dispatch("ftp://127.0.0.1/cb"),
            dispatch("http://127.0.0.1:" + client.getAddress().getPort() + "/throws/x"), // sendAsync throws
            dispatch("http://169.254.169.254/latest/meta-data/"), // refused by the default policy
            dispatch("mailto:ops@example.com"),
            dispatch(good("3")));
    batches.add(batch);

    sender.pump();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(posted).containsExactlyInAnyOrder("/good/1", "/good/2", "/good/3");
      assertThat(sender.inFlight()).isZero();
      assertThat(delivered).containsExactlyInAnyOrder(batch.get(0).id(), batch.get(3).id(), batch.get(8).id());
    });
  }

  /** More failures than slots: before the fix the 33rd message and everything after it waited forever. */
  @Test
  void failuresBeyondTheSlotCountDoNotStopLaterMessages() {
    List<OutboundDispatch> bad = new ArrayList<>();
    for (int k = 0; k < 120; k++) {
      bad.add(dispatch(k % 2 == 0 ? "urn:bad:" + k : "http://bad host/" + k));
    }
    batches.add(bad);
    batches.add(List.of(dispatch(good("after"))));

    // As the 1 s sweep does: pump until everything claimed has gone.
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      sender.pump();
      assertThat(batches).isEmpty();
      assertThat(posted).containsExactly("/good/after");
      assertThat(sender.inFlight()).isZero();
    });
  }

  /** A ManagedScheduledExecutorService on a plain executor (the container's is not here). */
  private static ManagedScheduledExecutorService managed(ScheduledExecutorService delegate) {
    return (ManagedScheduledExecutorService)
        Proxy.newProxyInstance(
            OutboundSenderTest.class.getClassLoader(),
            new Class<?>[] {ManagedScheduledExecutorService.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** An HTTP client whose sendAsync throws, as a broken client would, for paths containing a marker. */
  private static final class ThrowingHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final String marker;

    ThrowingHttpClient(HttpClient delegate, String marker) {
      this.delegate = delegate;
      this.marker = marker;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      if (request.uri().getPath().contains(marker)) {
        throw new IllegalStateException("simulated failure to start the request");
      }
      return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      return delegate.send(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return delegate.authenticator();
    }

    @Override
    public Version version() {
      return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
      return delegate.executor();
    }
  }
}
