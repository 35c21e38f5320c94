package dev.tandem.samples.duplex;

import jakarta.jws.Oneway;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;

/**
 * The callback contract of the docs variant: {@code Equals(double result)} and {@code
 * Equation(string eqn)}, with actions in the service contract's name ({@code NS/ICalculatorDuplex/…}).
 */
@WebService(name = "ICalculatorDuplexCallback", targetNamespace = ICalculatorDuplex.NS)
public interface ICalculatorDuplexCallback {

  @WebMethod(operationName = "Equals")
  @Action(input = ICalculatorDuplex.NS + "/ICalculatorDuplex/Equals")
  @Oneway
  void equals(@WebParam(name = "result", targetNamespace = ICalculatorDuplex.NS) double result);

  @WebMethod(operationName = "Equation")
  @Action(input = ICalculatorDuplex.NS + "/ICalculatorDuplex/Equation")
  @Oneway
  void equation(@WebParam(name = "eqn", targetNamespace = ICalculatorDuplex.NS) String eqn);
}
