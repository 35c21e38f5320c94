package dev.tandem.client.rm;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A dual HTTP client's callback side (wsDualHttpBinding): a {@link DualListener} whose messages go
 * to an {@link RmSource}, each message of the offered Sequence acknowledged with a stand-alone
 * SequenceAcknowledgement (WS-RM 1.0 §3.2, 1.1 §3.2) sent from a thread of its own, so the listener
 * never waits on the service. Create it, pass {@link #address()} to the RmSource as its ReplyTo,
 * {@link #attach} the RmSource, then open the session.
 */
public final class DualCallbacks implements AutoCloseable {
  private final ExecutorService acks =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dual-acks");
            t.setDaemon(true);
            return t;
          });
  private final DualListener listener;
  private volatile RmSource source;

  /**
   * @param port port on 127.0.0.1 (0: any free port)
   * @param transport the client's transport (for acknowledgements and the message log)
   * @param link the network in front of the listener ({@link InboundLink#PERFECT} outside tests)
   * @throws IOException when the port cannot be bound
   */
  public DualCallbacks(int port, HttpTransport transport, InboundLink link) throws IOException {
    listener = new DualListener(port, transport, link, this::received);
  }

  private void received(Message m) {
    RmSource s = source;
    if (s == null) {
      return; // nothing can be addressed to a session that was not opened yet
    }
    s.accept(m);
    if (m.sequence(s.version()).filter(q -> q.id().equals(s.offeredId())).isPresent()) {
      acks.submit(
          () -> {
            s.sendAck();
            return null;
          });
    }
  }

  /** The listener's address: the session's ReplyTo, AcksTo and Offer Endpoint. */
  public String address() {
    return listener.address();
  }

  /** The session whose callbacks this listener takes; call before opening it. */
  public void attach(RmSource s) {
    this.source = s;
  }

  @Override
  public void close() {
    listener.close();
    acks.shutdownNow();
  }
}
