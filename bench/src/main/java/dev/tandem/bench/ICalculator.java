package dev.tandem.bench;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.RequestWrapper;
import jakarta.xml.ws.ResponseWrapper;

/**
 * The WCF calculator sample's contract ({@code ICalculator}) with WCF's wire names: namespace
 * {@value #NS}, actions {@code NS/ICalculator/Op[Response]}, wrappers {@code Op}/{@code OpResponse},
 * parameters {@code n1}, {@code n2}, result {@code OpResult}. The benchmark calls only Add; the
 * peers host all four so that they serve the same contract as Tandem. JAX-WS annotations only: the
 * CXF peer (bench-cxf) uses it too.
 */
@WebService(name = "ICalculator", targetNamespace = ICalculator.NS)
public interface ICalculator {
  String NS = "http://Microsoft.ServiceModel.Samples";

  @WebMethod(operationName = "Add", action = NS + "/ICalculator/Add")
  @Action(input = NS + "/ICalculator/Add", output = NS + "/ICalculator/AddResponse")
  @WebResult(name = "AddResult", targetNamespace = NS)
  @RequestWrapper(localName = "Add", targetNamespace = NS)
  @ResponseWrapper(localName = "AddResponse", targetNamespace = NS)
  double add(@WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Subtract", action = NS + "/ICalculator/Subtract")
  @Action(input = NS + "/ICalculator/Subtract", output = NS + "/ICalculator/SubtractResponse")
  @WebResult(name = "SubtractResult", targetNamespace = NS)
  @RequestWrapper(localName = "Subtract", targetNamespace = NS)
  @ResponseWrapper(localName = "SubtractResponse", targetNamespace = NS)
  double subtract(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Multiply", action = NS + "/ICalculator/Multiply")
  @Action(input = NS + "/ICalculator/Multiply", output = NS + "/ICalculator/MultiplyResponse")
  @WebResult(name = "MultiplyResult", targetNamespace = NS)
  @RequestWrapper(localName = "Multiply", targetNamespace = NS)
  @ResponseWrapper(localName = "MultiplyResponse", targetNamespace = NS)
  double multiply(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Divide", action = NS + "/ICalculator/Divide")
  @Action(input = NS + "/ICalculator/Divide", output = NS + "/ICalculator/DivideResponse")
  @WebResult(name = "DivideResult", targetNamespace = NS)
  @RequestWrapper(localName = "Divide", targetNamespace = NS)
  @ResponseWrapper(localName = "DivideResponse", targetNamespace = NS)
  double divide(
      @WebParam(name = "n1", targetNamespace = NS) double n1, @WebParam(name = "n2", targetNamespace = NS) double n2);
}
