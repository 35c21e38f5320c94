package dev.tandem.client.cli;

import dev.tandem.client.rm.DualCallbacks;
import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.InboundLink;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.RmSource;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The duplex calculator sample's client: callbacks on a listener (dual HTTP) or over MakeConnection.
 * Two variants: the samples' {@code Equals(result)} callback in {@value CalculatorCommand#NS} at
 * {@code service.svc/duplex}, and with {@code --sdk} the SDK sample's {@code Result(result)} in
 * {@value #SDK_NS} at {@code service.svc/duplex-sdk}.
 */
@Command(name = "duplex", mixinStandardHelpOptions = true, description = "The duplex calculator sample over dual HTTP or MakeConnection.")
final class DuplexCommand implements Callable<Integer> {
  /** The WCF SDK duplex sample's contract namespace (callback {@code Result} instead of {@code Equals}). */
  static final String SDK_NS = "http://Microsoft.Samples.Duplex";

  @Option(
      names = "--url",
      description = "Default: http://localhost:8080/servicemodelsamples/service.svc/duplex, or …/duplex-sdk with --sdk.")
  URI url;

  @Option(names = "--sdk", description = "The SDK variant of the sample: namespace " + SDK_NS + ", callback Result(result).")
  boolean sdk;

  @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Channel channel;

  /** How the callbacks reach the client: a listener, or MakeConnection polls. */
  static final class Channel {
    @Option(names = "--listen", required = true, description = "Port on 127.0.0.1 for the callbacks (0: any free port).")
    Integer port;

    @Option(names = "--make-connection", required = true, description = "Open no listener: MC anonymous ReplyTo, callbacks fetched with MakeConnection polls.")
    boolean makeConnection;
  }

  @Mixin Common common;
  @Spec CommandSpec spec;

  private static final String[][] SCENARIO = {
    {"Clear", null}, {"AddTo", "100"}, {"SubtractFrom", "50"}, {"MultiplyBy", "17.65"}, {"DivideBy", "2"}, {"Clear", null}
  };

  private String ns() {
    return sdk ? SDK_NS : CalculatorCommand.NS;
  }

  private URI endpoint() {
    return url != null
        ? url
        : URI.create("http://localhost:8080/servicemodelsamples/service.svc/" + (sdk ? "duplex-sdk" : "duplex"));
  }

  private void run(RmSource s) throws InterruptedException {
    String ns = ns();
    for (String[] op : SCENARIO) {
      s.send(
          ns + "/ICalculatorDuplex/" + op[0],
          (e, body) -> {
            Element w = CalculatorCommand.wrapper(e.element(body, ns, op[0]), ns);
            if (op[1] != null) {
              e.element(w, ns, "n", op[1]);
            }
          });
    }
  }

  private static void print(PrintWriter out, Message m) {
    Element p = m.payload();
    Element arg = firstElement(p);
    String value = arg == null ? "" : arg.getTextContent().trim();
    // Equals/Result carry a double (printed as the .NET client prints it), Equation a string.
    boolean isDouble = arg != null && "result".equals(arg.getLocalName());
    out.println(p.getLocalName() + "(" + (isDouble ? CalculatorCommand.formatXsDouble(value) : value) + ")");
    out.flush();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    HttpTransport transport = common.transport(spec, null);
    if (channel.makeConnection) {
      String mcAddress = dev.tandem.client.rm.Ns.MC_ANONYMOUS_PREFIX + java.util.UUID.randomUUID();
      RmSource s = new RmSource(transport, endpoint(), common.rm, mcAddress, common.retry(), Duration.ofSeconds(30));
      s.open();
      run(s);
      ProcessDataCommand.pollUntil(s, mcAddress, SCENARIO.length, common.timeout(), common.retry(), m -> print(out, m));
      s.close();
      return 0;
    }
    try (DualCallbacks callbacks = new DualCallbacks(channel.port, transport, InboundLink.PERFECT)) {
      RmSource s = new RmSource(transport, endpoint(), common.rm, callbacks.address(), common.retry(), Duration.ofSeconds(30));
      callbacks.attach(s);
      s.open();
      run(s);
      for (Message m : s.awaitDelivered(SCENARIO.length, common.timeout())) {
        print(out, m);
      }
      s.sendAck();
      s.close();
    }
    return 0;
  }

  private static Element firstElement(Element e) {
    for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        return c;
      }
    }
    return null;
  }
}
