package dev.tandem.samples.duplex;

import dev.tandem.service.DotNetFormat;
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
  private double result = 0.0;
  private String equation = DotNetFormat.toString(result);
  private ICalculatorDuplexCallback callback;

  @Override
  public void clear() {
    callback.equation(equation + " = " + DotNetFormat.toString(result));
    result = 0.0;
    equation = DotNetFormat.toString(result);
  }

  @Override
  public void addTo(double n) {
    result += n;
    equation += " + " + DotNetFormat.toString(n);
    callback.equals(result);
  }

  @Override
  public void subtractFrom(double n) {
    result -= n;
    equation += " - " + DotNetFormat.toString(n);
    callback.equals(result);
  }

  @Override
  public void multiplyBy(double n) {
    result *= n;
    equation += " * " + DotNetFormat.toString(n);
    callback.equals(result);
  }

  @Override
  public void divideBy(double n) {
    result /= n;
    equation += " / " + DotNetFormat.toString(n);
    callback.equals(result);
  }

  @Override
  public void bindCallback(ICalculatorDuplexCallback callback) {
    this.callback = callback;
  }

  @Override
  public String snapshot() {
    return Double.doubleToRawLongBits(result) + "\n" + equation;
  }

  @Override
  public void restore(String snapshot) {
    int nl = snapshot.indexOf('\n');
    if (nl < 0) {
      throw new IllegalArgumentException("not a calculator snapshot");
    }
    result = Double.longBitsToDouble(Long.parseLong(snapshot.substring(0, nl)));
    equation = snapshot.substring(nl + 1);
  }
}
