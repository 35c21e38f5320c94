package dev.tandem.bench;

import jakarta.jws.WebService;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The calculator service the Metro and CXF peers host (SOAP 1.2, the WCF sample's service and port
 * names). Stateless and thread-safe.
 */
@WebService(
    serviceName = "CalculatorService",
    portName = "WSHttpBinding_ICalculator",
    targetNamespace = ICalculator.NS,
    endpointInterface = "dev.tandem.bench.ICalculator")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class Calculator implements ICalculator {
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
    return n1 / n2;
  }
}
