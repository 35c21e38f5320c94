package dev.tandem.samples.calculator;

import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.SOAPBinding;

/** The WCF sample's {@code CalculatorService}, ported as is: plain arithmetic on doubles. */
@WebService(
    serviceName = "CalculatorService",
    portName = "WSHttpBinding_ICalculator",
    targetNamespace = ICalculator.NS,
    endpointInterface = "dev.tandem.samples.calculator.ICalculator")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class CalculatorService implements ICalculator {

  @Override
  public double add(double n1, double n2) {
    return n1 + n2;
  }

  @Override
  public double subtract(double n1, double n2) {
    return n1 - n2;
  }

  @Override
  public double multiply(double n1, double n2) {
    return n1 * n2;
  }

  @Override
  public double divide(double n1, double n2) {
    // Division by zero is not an error in .NET either: 1/0 = INF, 0/0 = NaN.
    return n1 / n2;
  }
}
