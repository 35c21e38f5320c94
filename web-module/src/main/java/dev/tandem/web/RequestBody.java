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
 * still read the answer), or too slow ({@link #expire()}, called by {@link BodyDeadlines}).
 *
 * <p>The body is complete as soon as its last byte is read: its Content-Length is reached, or the
 * container says the input is finished and nothing is left in its buffer. It is then answered at
 * once, without asking {@link ServletInputStream#isReady()} again. That matters on Payara: an
 * {@code isReady()} that finds the buffer empty registers the listener with Grizzly, which (input
 * finished) reports "all data read" on another thread ({@code glassfish-web-async-thread}); that
 * callback can run after the exchange is over and the request recycled, and fails there with a
 * NullPointerException ({@code InputBuffer$ReadHandlerImpl.processCallbacks}). Waiting for {@link
 * #onAllDataRead()} is therefore only the fallback.
 */
final class RequestBody implements ReadListener, AsyncListener {
  private static final Logger LOG = Logger.getLogger(RequestBody.class.getName());

  /** How much of an oversized body is drained before the connection is given up. */
  static final int DRAIN_FACTOR = 4;

  private final AsyncContext async;
  private final ServletInputStream in;
  private final long length;
  private final int limit;
  private final Consumer<byte[]> onBody;
  private final Runnable onTooLarge;
  private final Runnable onTimeout;
  private final Runnable onBroken;
  private final Runnable onDecided;
  private final AtomicBoolean decided = new AtomicBoolean();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
  private final byte[] buf = new byte[8192];
  private long total;

  /**
   * @param length the body's Content-Length in bytes, or -1 when unknown (chunked)
   * @param limit largest body accepted, in bytes
   * @param onBody called with the whole body, on a container thread
   * @param onTooLarge called when the body exceeds {@code limit}
   * @param onTimeout called when the body did not arrive in time
   * @param onBroken called when the body cannot be read (broken chunked framing, connection reset)
   * @param onDecided called first, once, whichever outcome fires (stops the deadline watch)
   */
  RequestBody(
      AsyncContext async,
      ServletInputStream in,
      long length,
      int limit,
      Consumer<byte[]> onBody,
      Runnable onTooLarge,
      Runnable onTimeout,
      Runnable onBroken,
      Runnable onDecided) {
    this.async = async;
    this.in = in;
    this.length = length;
    this.limit = limit;
    this.onBody = onBody;
    this.onTooLarge = onTooLarge;
    this.onTimeout = onTimeout;
    this.onBroken = onBroken;
    this.onDecided = onDecided;
  }

  /**
   * Reads a body the container already holds whole (its Content-Length is in the buffer), so no read
   * can block and no listener is needed.
   *
   * @param length the Content-Length, bytes, at most the size limit
   * @return the body
   * @throws IOException when the stream ends short of {@code length} (the client went away)
   */
  static byte[] readBuffered(java.io.InputStream in, int length) throws IOException {
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new java.io.EOFException("body ended after " + body.length + " of " + length + " bytes");
    }
    return body;
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
      if (lastByteRead()) {
        onAllDataRead(); // not isReady() again: see the class comment
        return;
      }
    }
  }

  /** True once the whole body has been read: its Content-Length, or the end of a chunked body. */
  private boolean lastByteRead() throws IOException {
    if (length >= 0) {
      return total >= length;
    }
    return in.isFinished() && in.available() == 0;
  }

  @Override
  public void onAllDataRead() {
    if (total > limit) {
      decide(onTooLarge);
    } else if (decided.compareAndSet(false, true)) {
      onDecided.run();
      onBody.accept(body.toByteArray());
    }
  }

  @Override
  public void onError(Throwable t) {
    // Broken framing, or the client went away mid-body (then the answer goes nowhere).
    if (decided.compareAndSet(false, true)) {
      onDecided.run();
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
      onDecided.run();
      onTimeout.run();
    } else {
      complete();
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    onDecided.run(); // however the exchange ended, its deadline watch ends with it
  }

  @Override
  public void onError(AsyncEvent event) {
    if (decided.compareAndSet(false, true)) {
      onDecided.run();
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  private void decide(Runnable outcome) {
    if (decided.compareAndSet(false, true)) {
      onDecided.run();
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
