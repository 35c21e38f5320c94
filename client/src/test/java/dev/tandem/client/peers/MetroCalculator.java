package dev.tandem.client.peers;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.BindingType;
import jakarta.xml.ws.RequestWrapper;
import jakarta.xml.ws.ResponseWrapper;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The WCF calculator sample as a plain Metro (JAX-WS) service, written for the test without any
 * Tandem code: WCF's wire names (namespace {@value #NS}, actions {@code NS/ICalculator/Op[Response]},
 * wrappers {@code Op}/{@code OpResponse}, {@code n1}, {@code n2}, {@code OpResult}), SOAP 1.2.
 */
@WebService(
    name = "ICalculator",
    targetNamespace = MetroCalculator.NS,
    serviceName = "CalculatorService",
    portName = "WSHttpBinding_ICalculator")
@BindingType(SOAPBinding.SOAP12HTTP_BINDING)
public class MetroCalculator {
  static final String NS = "http://Microsoft.ServiceModel.Samples";

  /** Operations executed, to show each ran once. */
  final java.util.concurrent.atomic.AtomicInteger invocations = new java.util.concurrent.atomic.AtomicInteger();

  @WebMethod(operationName = "Add", action = NS + "/ICalculator/Add")
  @Action(input = NS + "/ICalculator/Add", output = NS + "/ICalculator/AddResponse")
  @WebResult(name = "AddResult", targetNamespace = NS)
  @RequestWrapper(localName = "Add", targetNamespace = NS)
  @ResponseWrapper(localName = "AddResponse", targetNamespace = NS)
  public double add(@WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2) {
    invocations.incrementAndGet();
    return n1 + n2;
  }

  @WebMethod(operationName = "Subtract", action = NS + "/ICalculator/Subtract")
  @Action(input = NS + "/ICalculator/Subtract", output = NS + "/ICalculator/SubtractResponse")
  @WebResult(name = "SubtractResult", targetNamespace = NS)
  @RequestWrapper(localName = "Subtract", targetNamespace = NS)
  @ResponseWrapper(localName = "SubtractResponse", targetNamespace = NS)
  public double subtract(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2) {
    invocations.incrementAndGet();
    return n1 - n2;
  }

  @WebMethod(operationName = "Multiply", action = NS + "/ICalculator/Multiply")
  @Action(input = NS + "/ICalculator/Multiply", output = NS + "/ICalculator/MultiplyResponse")
  @WebResult(name = "MultiplyResult", targetNamespace = NS)
  @RequestWrapper(localName = "Multiply", targetNamespace = NS)
  @ResponseWrapper(localName = "MultiplyResponse", targetNamespace = NS)
  public double multiply(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2) {
    invocations.incrementAndGet();
    return n1 * n2;
  }

  @WebMethod(operationName = "Divide", action = NS + "/ICalculator/Divide")
  @Action(input = NS + "/ICalculator/Divide", output = NS + "/ICalculator/DivideResponse")
  @WebResult(name = "DivideResult", targetNamespace = NS)
  @RequestWrapper(localName = "Divide", targetNamespace = NS)
  @ResponseWrapper(localName = "DivideResponse", targetNamespace = NS)
  public double divide(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2) {
    invocations.incrementAndGet();
    return n1 / n2;
  }
}
