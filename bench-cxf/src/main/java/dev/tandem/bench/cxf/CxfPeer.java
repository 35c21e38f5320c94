package dev.tandem.bench.cxf;

import dev.tandem.bench.Calculator;
import dev.tandem.bench.ICalculator;
import jakarta.xml.ws.soap.SOAPBinding;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.cxf.feature.Feature;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.ws.addressing.WSAddressingFeature;
import org.apache.cxf.ws.rm.feature.RMFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Apache CXF 4.1.3 as the benchmark's server peer (Jetty, SOAP 1.2, WS-Addressing): the calculator at
 * {@value #RM_PATH} with WS-RM (1.0 and 1.1 at one URL), its store in memory or, with {@code --store
 * jdbc}, {@link PgRmTxStore} on PostgreSQL; and at {@value #PLAIN_PATH} without RM. Serves until the
 * process is stopped.
 */
@Command(name = "cxf-peer", mixinStandardHelpOptions = true, description = "CXF 4.1 hosting the calculator, with RM and plain.")
public final class CxfPeer implements Callable<Integer> {
  static final String RM_PATH = "/cxf/rm";
  static final String PLAIN_PATH = "/cxf/plain";

  enum Store { memory, jdbc }

  @Option(names = "--port", required = true, description = "HTTP port on 127.0.0.1.")
  int port;

  @Option(names = "--store", defaultValue = "memory", description = "memory or jdbc (RMTxStore on PostgreSQL). Default: ${DEFAULT-VALUE}.")
  Store store;

  @Option(names = "--jdbc-url", description = "PostgreSQL for --store jdbc.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "tandem")
  String jdbcUser;

  @Option(names = "--jdbc-password", defaultValue = "tandem")
  String jdbcPassword;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CxfPeer()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    String base = "http://127.0.0.1:" + port;
    RMFeature rm = new RMFeature();
    if (store == Store.jdbc) {
      if (jdbcUrl == null) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--store jdbc needs --jdbc-url");
      }
      PgRmTxStore txStore = new PgRmTxStore(jdbcUrl, jdbcUser, jdbcPassword);
      txStore.init();
      rm.setStore(txStore);
    }
    publish(base + RM_PATH, new WSAddressingFeature(), rm);
    publish(base + PLAIN_PATH, new WSAddressingFeature());
    System.out.println(
        "cxf-peer: serving " + base + RM_PATH + " (RM, store " + store + ") and " + base + PLAIN_PATH + " (no RM)");
    new CountDownLatch(1).await();
    return 0;
  }

  private static void publish(String address, Feature... features) {
    JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
    factory.setServiceClass(ICalculator.class);
    factory.setServiceBean(new Calculator());
    factory.setAddress(address);
    factory.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
    for (Feature f : features) {
      factory.getFeatures().add(f);
    }
    factory.create();
  }
}
