package dev.tandem.samples.duplex;

import dev.tandem.service.SessionService;
import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The docs variant's {@code CalculatorService} (PerSession), ported as is: a running result, the
 * equation text, and callbacks after every operation. Clear reports the equation, then starts over
 * at 0.
 */
@WebService(
    serviceName = "CalculatorService",
    portName = "WSDualHttpBinding_ICalculatorDuplex",
    targetNamespace = ICalculatorDuplex.NS,
    endpointInterface = "dev.tandem.samples.duplex.ICalculatorDuplex")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class CalculatorDuplexService
    implements ICalculatorDuplex, SessionService<ICalculatorDuplexCallback> {
  private final RunningTotal total = new RunningTotal();
  private ICalculatorDuplexCallback callback;

  @Override
  public void clear() {
    callback.equation(total.equationWithResult());
    total.restart(true);
  }

  @Override
  public void addTo(double n) {
    callback.equals(total.apply('+', n));
  }

  @Override
  public void subtractFrom(double n) {
    callback.equals(total.apply('-', n));
  }

  @Override
  public void multiplyBy(double n) {
    callback.equals(total.apply('*', n));
  }

  @Override
  public void divideBy(double n) {
    callback.equals(total.apply('/', n));
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
