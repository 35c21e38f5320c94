package dev.tandem.samples.duplexsdk;

import dev.tandem.samples.duplex.RunningTotal;
import dev.tandem.service.SessionService;
import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The SDK sample's {@code CalculatorService} (PerSession), ported as is. Unlike the docs variant,
 * Clear reports the equation but keeps the result: the equation restarts from it.
 */
@WebService(
    serviceName = "CalculatorService",
    portName = "WSDualHttpBinding_ICalculatorDuplex",
    targetNamespace = ICalculatorDuplex.NS,
    endpointInterface = "dev.tandem.samples.duplexsdk.ICalculatorDuplex")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class CalculatorDuplexService
    implements ICalculatorDuplex, SessionService<ICalculatorDuplexCallback> {
  private final RunningTotal total = new RunningTotal();
  private ICalculatorDuplexCallback callback;

  @Override
  public void clear() {
    callback.equation(total.equationWithResult());
    total.restart(false);
  }

  @Override
  public void addTo(double n) {
    callback.result(total.apply('+', n));
  }

  @Override
  public void subtractFrom(double n) {
    callback.result(total.apply('-', n));
  }

  @Override
  public void multiplyBy(double n) {
    callback.result(total.apply('*', n));
  }

  @Override
  public void divideBy(double n) {
    callback.result(total.apply('/', n));
  }

  @Override
  public void bindCallback(ICalculatorDuplexCallback callback) {
    this.callback = callback;
  }

  @Override
  public String snapshot() {
    return total.snapshot();
  }

  @Override
  public void restore(String snapshot) {
    total.restore(snapshot);
  }
}
