package dev.tandem.bench;

import com.sun.xml.ws.api.fastinfoset.FastInfosetFeature;
import com.sun.xml.ws.rx.rm.api.ReliableMessagingFeatureBuilder;
import com.sun.xml.ws.rx.rm.api.RmProtocolVersion;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.soap.AddressingFeature;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Metro 4 as the benchmark's server peer: the calculator at {@value #RM_PATH} with WS-RM 1.0 (February
 * 2005, Metro's in-memory store; a Metro endpoint speaks one RM version) and at {@value #PLAIN_PATH}
 * without RM, both SOAP 1.2 with WS-Addressing on the JDK HTTP server behind {@code
 * Endpoint.publish}. Run it with {@code -Dsun.net.httpserver.nodelay=true}, or each call waits about
 * 40 ms (Nagle). Serves until the process is stopped.
 */
@Command(name = "metro-peer", mixinStandardHelpOptions = true, description = "Metro 4 hosting the calculator, RM 1.0 in memory and plain.")
public final class MetroPeer implements Callable<Integer> {
  static final String RM_PATH = "/metro/rm";
  static final String PLAIN_PATH = "/metro/plain";

  @Option(names = "--port", required = true, description = "HTTP port on 127.0.0.1.")
  int port;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MetroPeer()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    String base = "http://127.0.0.1:" + port;
    Endpoint rm =
        Endpoint.create(
            new Calculator(),
            new ReliableMessagingFeatureBuilder(RmProtocolVersion.WSRM200502).build(),
            new AddressingFeature(true, true),
            new FastInfosetFeature(false));
    rm.publish(base + RM_PATH);
    Endpoint plain = Endpoint.create(new Calculator(), new AddressingFeature(true, false), new FastInfosetFeature(false));
    plain.publish(base + PLAIN_PATH);
    System.out.println("metro-peer: serving " + base + RM_PATH + " (RM 1.0) and " + base + PLAIN_PATH + " (no RM)");
    new CountDownLatch(1).await();
    return 0;
  }
}
