package dev.tandem.client.cli;

import dev.tandem.client.rm.DualListener;
import dev.tandem.client.rm.HttpTransport;
import dev.tandem.client.rm.Message;
import dev.tandem.client.rm.RmSource;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.w3c.dom.Element;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The duplex calculator sample's dual HTTP client: it listens on 127.0.0.1 for callbacks. */
@Command(name = "duplex", mixinStandardHelpOptions = true, description = "The duplex calculator sample over dual HTTP.")
final class DuplexCommand implements Callable<Integer> {
  static final String NS = CalculatorCommand.NS;

  @Option(names = "--url", defaultValue = "http://localhost:8080/servicemodelsamples/service.svc/duplex", description = "Default: ${DEFAULT-VALUE}.")
  URI url;

  @Option(names = "--listen", required = true, description = "Port on 127.0.0.1 for the callbacks (0: any free port).")
  int port;

  @Mixin Common common;
  @Spec CommandSpec spec;

  private static final String[][] SCENARIO = {
    {"Clear", null}, {"AddTo", "100"}, {"SubtractFrom", "50"}, {"MultiplyBy", "17.65"}, {"DivideBy", "2"}, {"Clear", null}
  };

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    HttpTransport transport = common.transport(spec, null);
    ExecutorService acks = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "acks");
      t.setDaemon(true);
      return t;
    });
    RmSource[] holder = new RmSource[1];
    try (DualListener listener =
        new DualListener(
            port,
            transport,
            m -> {
              RmSource s = holder[0];
              s.accept(m);
              if (m.sequence(s.version()).filter(q -> q.id().equals(s.offeredId())).isPresent()) {
                acks.submit(() -> { s.sendAck(); return null; });
              }
            })) {
      RmSource s = new RmSource(transport, url, common.rm, listener.address(), common.retry(), Duration.ofSeconds(30));
      holder[0] = s;
      s.open();
      for (String[] op : SCENARIO) {
        s.send(
            NS + "/ICalculatorDuplex/" + op[0],
            (e, body) -> {
              Element w = CalculatorCommand.wrapper(e.element(body, NS, op[0]), NS);
              if (op[1] != null) {
                e.element(w, NS, "n", op[1]);
              }
            });
      }
      List<Message> callbacks = s.awaitDelivered(SCENARIO.length, common.timeout());
      for (Message m : callbacks) {
        Element p = m.payload();
        Element arg = firstElement(p);
        String value = arg == null ? "" : arg.getTextContent().trim();
        // Equals/Result carry a double (printed as the .NET client prints it), Equation a string.
        out.println(p.getLocalName() + "(" + ("result".equals(arg == null ? null : arg.getLocalName()) ? CalculatorCommand.formatXsDouble(value) : value) + ")");
      }
      out.flush();
      s.sendAck();
      s.close();
    } finally {
      acks.shutdownNow();
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
