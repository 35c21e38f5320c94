package dev.tandem.samples.processdata;

import dev.tandem.service.DelayedCallbacks;
import dev.tandem.service.SessionService;
import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.SOAPBinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The RSP sample's service: hashes the text (MD5 over its ASCII bytes, non-ASCII characters becoming
 * '?', upper-case hex as .NET's {@code ToString("X2")}) and calls back after a deliberate delay
 * (default 5000 ms). The delay is Tandem's ({@link DelayedCallbacks}), not a sleeping thread.
 */
@WebService(
    serviceName = "ProcessDataService",
    portName = "ProcessDataDuplex",
    targetNamespace = IProcessDataDuplex.NS,
    endpointInterface = "dev.tandem.samples.processdata.IProcessDataDuplex")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class ProcessDataService
    implements IProcessDataDuplex, SessionService<IProcessDataDuplexCallBack>, DelayedCallbacks {
  private final Duration delay;
  private IProcessDataDuplexCallBack callback;

  /** The sample's 5 s delay. */
  public ProcessDataService() {
    this(Duration.ofMillis(5000));
  }

  public ProcessDataService(Duration delay) {
    this.delay = delay;
  }

  @Override
  public void processData(String rawData) {
    callback.sendProcessedData(
        String.format("Computed hash of '%s' is '%s'", rawData, md5UpperHex(rawData)));
  }

  static String md5UpperHex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }

  @Override
  public Duration callbackDelay() {
    return delay;
  }

  @Override
  public void bindCallback(IProcessDataDuplexCallBack callback) {
    this.callback = callback;
  }

  @Override
  public String snapshot() {
    return ""; // stateless between messages
  }

  @Override
  public void restore(String snapshot) {
    // nothing to restore
  }
}
