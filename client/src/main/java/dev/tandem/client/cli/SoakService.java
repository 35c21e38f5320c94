package dev.tandem.client.cli;

import dev.tandem.client.rm.DualCallbacks;
import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.Ns;
import dev.tandem.client.rm.RetryPolicy;
import dev.tandem.client.rm.RmSource;
import dev.tandem.client.rm.RmVersion;
import dev.tandem.client.soak.LossyLink;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.w3c.dom.Element;

/**
 * What one soak session exercises: a reliable session of {@code messages} calls to one of the
 * samples, every answer (reply or callback) checked against what the service must compute, so that a
 * lost, repeated or reordered execution shows as a wrong answer even before the ledger is read.
 */
enum SoakService {
  /** The reliable calculator: {@code Add(index, n)} requests, each reply must be index + n. */
  CALCULATOR("calculator", "") {
    @Override
    void run(Session c) throws InterruptedException {
      RmSource s = c.open(Ns.ANONYMOUS);
      for (int n = 1; n <= c.messages; n++) {
        int m = n;
        Message reply =
            s.request(
                CalculatorCommand.NS + "/ICalculator/Add",
                (e, body) -> {
                  Element w = CalculatorCommand.wrapper(e.element(body, CalculatorCommand.NS, "Add"), CalculatorCommand.NS);
                  e.element(w, CalculatorCommand.NS, "n1", Integer.toString(c.index));
                  e.element(w, CalculatorCommand.NS, "n2", Integer.toString(m));
                });
        c.done = n;
        String result = reply.payloadText(CalculatorCommand.NS, "AddResult");
        c.answer(result != null && Double.parseDouble(result) == c.index + m);
      }
      s.close();
    }
  },
  /**
   * The duplex calculator over dual HTTP: one-way {@code AddTo(n)}, n = 1.., each answered by an
   * {@code Equals} callback that must carry the running result n(n+1)/2. The callbacks reach a
   * listener behind the same lossy link.
   */
  DUPLEX("duplex", "/duplex") {
    @Override
    void run(Session c) throws Exception {
      try (DualCallbacks callbacks = new DualCallbacks(0, c.transport, c.link.inbound())) {
        RmSource s = c.source(callbacks.address());
        callbacks.attach(s);
        c.open(s);
        addTo(c, s);
        checkRunningTotals(c, s.awaitDelivered(c.messages, c.timeout));
        s.sendAck();
        s.close();
      }
    }
  },
  /** The duplex calculator with no listener: as {@link #DUPLEX}, callbacks fetched by MakeConnection polls. */
  DUPLEX_MC("duplex-mc", "/duplex") {
    @Override
    void run(Session c) throws Exception {
      String mcAddress = Ns.MC_ANONYMOUS_PREFIX + UUID.randomUUID();
      RmSource s = c.open(mcAddress);
      addTo(c, s);
      List<Message> got = new java.util.ArrayList<>();
      ProcessDataCommand.pollUntil(s, mcAddress, c.messages, c.timeout, c.retry, got::add);
      checkRunningTotals(c, got);
      s.close();
    }
  },
  /**
   * The Reliable Secure Profile sample over MakeConnection: {@code ProcessData("soak index n")},
   * each callback (after the service's deliberate delay) must carry that text's MD5.
   */
  PROCESS_DATA("process-data", "/rsp") {
    @Override
    void run(Session c) throws Exception {
      String mcAddress = Ns.MC_ANONYMOUS_PREFIX + UUID.randomUUID();
      RmSource s = c.open(mcAddress);
      for (int n = 1; n <= c.messages; n++) {
        String text = "soak " + c.index + " " + n;
        s.send(
            ProcessDataCommand.TEMPURI + "IProcessDataDuplex/ProcessData",
            (e, body) -> {
              Element w =
                  CalculatorCommand.wrapper(e.element(body, ProcessDataCommand.TEMPURI, "ProcessData"), ProcessDataCommand.TEMPURI);
              e.element(w, ProcessDataCommand.TEMPURI, "rawData", text);
            });
        c.done = n;
      }
      int[] n = {0};
      ProcessDataCommand.pollUntil(
          s,
          mcAddress,
          c.messages,
          c.timeout,
          c.retry,
          m -> {
            String text = "soak " + c.index + " " + ++n[0];
            String expected = "Computed hash of '" + text + "' is '" + md5UpperHex(text) + "'";
            c.answer(expected.equals(m.payloadText(ProcessDataCommand.TEMPURI, "processedData")));
          });
      s.close();
    }
  };

  private final String option;
  private final String path;

  SoakService(String option, String path) {
    this.option = option;
    this.path = path;
  }

  /** Runs one session, recording its progress in {@code c} as it goes. */
  abstract void run(Session c) throws Exception;

  /** The endpoint of this service on a server whose calculator is at {@code calculator}. */
  URI endpoint(URI calculator) {
    return URI.create(calculator + path);
  }

  @Override
  public String toString() {
    return option;
  }

  /** Parses the option's spelling ({@code calculator}, {@code duplex}, {@code duplex-mc}, {@code process-data}). */
  static SoakService parse(String option) {
    for (SoakService s : values()) {
      if (s.option.equals(option.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown service " + option + "; one of calculator, duplex, duplex-mc, process-data");
  }

  private static void addTo(Session c, RmSource s) throws InterruptedException {
    for (int n = 1; n <= c.messages; n++) {
      int m = n;
      s.send(
          CalculatorCommand.NS + "/ICalculatorDuplex/AddTo",
          (e, body) -> {
            Element w = CalculatorCommand.wrapper(e.element(body, CalculatorCommand.NS, "AddTo"), CalculatorCommand.NS);
            e.element(w, CalculatorCommand.NS, "n", Integer.toString(m));
          });
      c.done = n;
    }
  }

  /** Callback k must be {@code Equals(k(k+1)/2)}: a repeated or lost AddTo changes every later total. */
  private static void checkRunningTotals(Session c, List<Message> callbacks) {
    for (int k = 1; k <= callbacks.size(); k++) {
      Message m = callbacks.get(k - 1);
      String result = m.payloadText(CalculatorCommand.NS, "result");
      boolean right =
          "Equals".equals(m.payload().getLocalName())
              && result != null
              && Double.parseDouble(result) == k * (k + 1) / 2.0;
      c.answer(right);
    }
  }

  static String md5UpperHex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }

  /**
   * One soak session: its settings, and its progress as the command reads it afterwards (also when
   * the session failed half-way).
   */
  static final class Session {
    final SoakService service;
    final HttpTransport transport;
    final LossyLink link;
    final URI endpoint;
    final RmVersion rm;
    final RetryPolicy retry;
    final Duration timeout;
    final int index;
    final int messages;
    private final AtomicLong answered;
    private final AtomicLong wrong;
    /** The request Sequence, once created. */
    volatile String sequenceId;
    /** Messages acknowledged (one-way) or answered (request-reply) so far. */
    volatile long done;
    volatile RmSource source;

    Session(
        SoakService service,
        HttpTransport transport,
        LossyLink link,
        URI calculator,
        RmVersion rm,
        RetryPolicy retry,
        Duration timeout,
        int index,
        int messages,
        AtomicLong answered,
        AtomicLong wrong) {
      this.service = service;
      this.transport = transport;
      this.link = link;
      this.endpoint = service.endpoint(calculator);
      this.rm = rm;
      this.retry = retry;
      this.timeout = timeout;
      this.index = index;
      this.messages = messages;
      this.answered = answered;
      this.wrong = wrong;
    }

    RmSource source(String replyTo) {
      RmSource s = new RmSource(transport, endpoint, rm, replyTo, retry, Duration.ofSeconds(30));
      source = s;
      return s;
    }

    RmSource open(String replyTo) throws InterruptedException {
      RmSource s = source(replyTo);
      open(s);
      return s;
    }

    void open(RmSource s) throws InterruptedException {
      sequenceId = s.open();
    }

    void answer(boolean right) {
      answered.incrementAndGet();
      if (!right) {
        wrong.incrementAndGet();
      }
    }

    /** HTTP requests this session's RM Source sent. */
    long transmissions() {
      RmSource s = source;
      return s == null ? 0 : s.transmissions();
    }
  }
}
