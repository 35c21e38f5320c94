package dev.tandem.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads one request body with non-blocking servlet I/O (Servlet 6.0 §3.7, {@link ReadListener}), so a
 * client that drips or stalls its body holds no request thread, only its connection. Exactly one of
 * the outcomes fires, once: the body ({@code onBody}), too large ({@code onTooLarge}: longer than
 * the limit; the excess is drained up to {@value #DRAIN_FACTOR} times the limit so the client can
 * still read the answer), or too slow ({@link #expire()}, called by the servlet's deadline timer).
 */
final class RequestBody implements ReadListener, AsyncListener {
  private static final Logger LOG = Logger.getLogger(RequestBody.class.getName());

  /** How much of an oversized body is drained before the connection is given up. */
  static final int DRAIN_FACTOR = 4;

  private final AsyncContext async;
  private final ServletInputStream in;
  private final int limit;
  private final Consumer<byte[]> onBody;
  private final Runnable onTooLarge;
  private final Runnable onTimeout;
  private final Runnable onBroken;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
  private final byte[] buf = new byte[8192];
  private long total;

  /**
   * @param limit largest body accepted, in bytes
   * @param onBody called with the whole body, on a container thread
   * @param onTooLarge called when the body exceeds {@code limit}
   * @param onTimeout called when the body did not arrive in time
   * @param onBroken called when the body cannot be read (broken chunked framing, connection reset)
   */
  RequestBody(
      AsyncContext async,
      ServletInputStream in,
      int limit,
      Consumer<byte[]> onBody,
      Runnable onTooLarge,
      Runnable onTimeout,
      Runnable onBroken) {
    this.async = async;
    this.in = in;
    this.limit = limit;
    this.onBody = onBody;
    this.onTooLarge = onTooLarge;
    this.onTimeout = onTimeout;
    this.onBroken = onBroken;
  }

  /**
   * Reads a body with blocking I/O (for requests a ReadListener never sees; see the servlet).
   *
   * @return the body, or null when it is longer than {@code limit} bytes (drained up to {@value
   *     #DRAIN_FACTOR} times the limit)
   * @throws IOException when the client is too slow (the container's read timeout) or gone
   */
  static byte[] readBlocking(java.io.InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total <= limit) {
        out.write(buf, 0, n);
      } else if (total > (long) limit * DRAIN_FACTOR) {
        break;
      }
    }
    return total > limit ? null : out.toByteArray();
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (!decided.get() && in.isReady()) {
      int n = in.read(buf);
      if (n < 0) {
        return; // onAllDataRead follows
      }
      total += n;
      if (total <= limit) {
        body.write(buf, 0, n);
      } else if (total > (long) limit * DRAIN_FACTOR) {
        decide(onTooLarge);
        return;
      }
    }
  }

  @Override
  public void onAllDataRead() {
    if (total > limit) {
      decide(onTooLarge);
    } else if (decided.compareAndSet(false, true)) {
      onBody.accept(body.toByteArray());
    }
  }

  @Override
  public void onError(Throwable t) {
    // Broken framing, or the client went away mid-body (then the answer goes nowhere).
    if (decided.compareAndSet(false, true)) {
      LOG.log(Level.FINE, "TANDEM-WEB-0004 request body not received", t);
      onBroken.run();
    }
  }

  /** The body deadline passed: answers {@code onTimeout} unless the body was already complete. */
  void expire() {
    decide(onTimeout);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // The container's safety net (the servlet sets it beyond the body deadline and any poll hold).
    if (decided.compareAndSet(false, true)) {
      onTimeout.run();
    } else {
      complete();
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    decided.set(true);
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  private void decide(Runnable outcome) {
    if (decided.compareAndSet(false, true)) {
      outcome.run();
    }
  }

  private void complete() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyDone) {
      // completed by the container or an earlier outcome
    }
  }
}
