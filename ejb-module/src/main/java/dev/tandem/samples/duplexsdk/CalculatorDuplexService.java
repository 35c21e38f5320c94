package dev.tandem.samples.duplexsdk;

import dev.tandem.service.DotNetFormat;
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
  private double result = 0.0;
  private String equation = DotNetFormat.toString(result);
  private ICalculatorDuplexCallback callback;

  @Override
  public void clear() {
    callback.equation(equation + " = " + DotNetFormat.toString(result));
    equation = DotNetFormat.toString(result);
  }

  @Override
  public void addTo(double n) {
    result += n;
    equation += " + " + DotNetFormat.toString(n);
    callback.result(result);
  }

  @Override
  public void subtractFrom(double n) {
    result -= n;
    equation += " - " + DotNetFormat.toString(n);
    callback.result(result);
  }

  @Override
  public void multiplyBy(double n) {
    result *= n;
    equation += " * " + DotNetFormat.toString(n);
    callback.result(result);
  }

  @Override
  public void divideBy(double n) {
    result /= n;
    equation += " / " + DotNetFormat.toString(n);
    callback.result(result);
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
