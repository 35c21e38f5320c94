package dev.tandem.client.cli;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The calculator over TLS, trusting only the given truststore (host name verification stays on). */
@Command(name = "https", mixinStandardHelpOptions = true, description = "The reliable calculator sample over HTTPS.")
final class HttpsCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "https://localhost:8181/servicemodelsamples/service.svc/secure", description = "Default: ${DEFAULT-VALUE}.")
  URI url;

  @Option(names = "--truststore", required = true, description = "PKCS12 truststore with the service's certificate (web-module/target/tls/tandem-truststore.p12).")
  Path truststore;

  @Option(names = "--truststore-password", description = "Password of the truststore.", arity = "0..1", interactive = false)
  String truststorePassword;

  @Mixin Common common;
  @Mixin CalculatorOptions calculator;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return CalculatorCommand.run(spec, common, calculator, url, common.transport(spec, sslContext(truststore, truststorePassword)));
  }

  static SSLContext sslContext(Path truststore, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(truststore)) {
      ks.load(in, password == null ? null : password.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
