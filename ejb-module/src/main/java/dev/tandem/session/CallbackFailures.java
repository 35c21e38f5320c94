package dev.tandem.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last failed callback POST per address, on this node, for the admin page's "last error"
 * column. Bounded: at most {@value #MAX_ADDRESSES} addresses, the least recently failed dropped.
 */
@ApplicationScoped
public class CallbackFailures {
  static final int MAX_ADDRESSES = 1000;

  /** One failure: when (this node's clock) and what (exception or HTTP status). */
  public record Failure(Instant at, String error) {}

  private final Map<String, Failure> last =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  /** Records that the POST to {@code address} failed now with {@code error}. */
  public synchronized void record(String address, String error) {
    last.put(address, new Failure(Instant.now(), error));
  }

  /** The last failure of a POST to {@code address} on this node, if any. */
  public synchronized Optional<Failure> last(String address) {
    return Optional.ofNullable(last.get(address));
  }
}
