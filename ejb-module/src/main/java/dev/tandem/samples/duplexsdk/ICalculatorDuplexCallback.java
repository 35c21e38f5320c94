package dev.tandem.samples.duplexsdk;

import jakarta.jws.Oneway;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;

/**
 * The callback contract of the SDK variant: {@code Result(double result)} and {@code
 * Equation(string eqn)}, actions {@code NS/ICalculatorDuplex/…} ([DUPLEX-SDK] generatedClient.cs).
 */
@WebService(name = "ICalculatorDuplexCallback", targetNamespace = ICalculatorDuplex.NS)
public interface ICalculatorDuplexCallback {

  @WebMethod(operationName = "Result")
  @Action(input = ICalculatorDuplex.NS + "/ICalculatorDuplex/Result")
  @Oneway
  void result(@WebParam(name = "result", targetNamespace = ICalculatorDuplex.NS) double result);

  @WebMethod(operationName = "Equation")
  @Action(input = ICalculatorDuplex.NS + "/ICalculatorDuplex/Equation")
  @Oneway
  void equation(@WebParam(name = "eqn", targetNamespace = ICalculatorDuplex.NS) String eqn);
}
