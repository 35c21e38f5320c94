package dev.tandem.client.rm;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends a message to the RM Destination until it is answered, retransmitting with the back-off of a
 * {@link RetryPolicy}: an RM Source retransmits a message until it is acknowledged.
 * Every HTTP response is taken into the {@link Inbox}, where the answer (a reply, an acknowledgement)
 * shows up.
 *
 * <p>Thread-safe; it counts every transmission.
 */
final class Retransmission {
  /** One transmission of a message over HTTP. */
  @FunctionalInterface
  interface Transmission {
    HttpTransport.Response send() throws IOException, InterruptedException;
  }

  private final HttpTransport transport;
  private final URI endpoint;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final Inbox inbox;
  private final AtomicLong transmissions = new AtomicLong();

  /** @param requestTimeout how long one HTTP request may take */
  Retransmission(HttpTransport transport, URI endpoint, RetryPolicy retry, Duration requestTimeout, Inbox inbox) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
    this.inbox = inbox;
  }

  /** HTTP requests sent so far, first transmissions and retransmissions alike. */
  long transmissions() {
    return transmissions.get();
  }

  /** A transmission of the envelope {@code build} makes afresh each time (fresh acknowledgements). */
  Transmission post(Supplier<Envelope> build) {
    return () -> transport.post(endpoint, build.get(), requestTimeout);
  }

  /** A transmission of the same bytes each time (a stored message). */
  Transmission post(byte[] envelope) {
    return () -> transport.post(endpoint, envelope, requestTimeout);
  }

  /**
   * Transmits until {@code done}, waiting {@link RetryPolicy#interval} after each transmission.
   *
   * @param what names the message in the error ("CreateSequence", "Add #3")
   * @param done evaluated under the inbox's lock after each message taken in
   * @param faultIsDoneFrom from this transmission on (1-based), a fault ends the exchange as done (0:
   *     never): the service processed an earlier transmission of a TerminateSequence and forgot the
   *     Sequence
   * @throws ServiceFaultException when a fault arrives (before {@code faultIsDoneFrom})
   * @throws TransportException on a TLS failure (at once, not retransmitted), or when no
   *     answer came after {@link RetryPolicy#maxAttempts} transmissions (the last I/O error as cause)
   */
  void exchange(String what, Transmission transmission, BooleanSupplier done, int faultIsDoneFrom)
      throws InterruptedException {
    Exception last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      try {
        transmissions.incrementAndGet();
        HttpTransport.Response r = transmission.send();
        if (r.message() != null) {
          inbox.accept(r.message());
        }
      } catch (IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof SSLException ssl) {
            throw new TransportException("TLS failure talking to " + endpoint + ": " + ssl.getMessage(), e);
          }
        }
        last = e;
      }
      try {
        if (inbox.await(done, retry.interval(attempt))) {
          return;
        }
      } catch (ServiceFaultException f) {
        if (faultIsDoneFrom > 0 && attempt >= faultIsDoneFrom) {
          // A retransmitted TerminateSequence the service already processed: the session is over.
          inbox.clearFault();
          return;
        }
        throw f;
      }
    }
    throw new TransportException(
        "no answer to " + what + " from " + endpoint + " after " + retry.maxAttempts() + " transmissions"
            + (last == null ? "" : " (" + last + ")"),
        last);
  }
}
