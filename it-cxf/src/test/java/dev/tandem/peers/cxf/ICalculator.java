package dev.tandem.peers.cxf;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.RequestWrapper;
import jakarta.xml.ws.ResponseWrapper;

/**
 * The WCF sample's {@code ICalculator} contract as a client-side SEI for CXF, written against the wire
 * names in wcf-wire.md §2.1 (namespace, actions, wrappers, parameter and result names), so that this
 * module needs none of Tandem's classes (and none of Metro).
 */
@WebService(name = "ICalculator", targetNamespace = ICalculator.NS)
public interface ICalculator {
  String NS = "http://Microsoft.ServiceModel.Samples";

  @WebMethod(operationName = "Add", action = NS + "/ICalculator/Add")
  @Action(input = NS + "/ICalculator/Add", output = NS + "/ICalculator/AddResponse")
  @WebResult(name = "AddResult", targetNamespace = NS)
  @RequestWrapper(localName = "Add", targetNamespace = NS)
  @ResponseWrapper(localName = "AddResponse", targetNamespace = NS)
  double add(
      @WebParam(name = "n1", targetNamespace = NS) double n1,
      @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Subtract", action = NS + "/ICalculator/Subtract")
  @Action(input = NS + "/ICalculator/Subtract", output = NS + "/ICalculator/SubtractResponse")
  @WebResult(name = "SubtractResult", targetNamespace = NS)
  @RequestWrapper(localName = "Subtract", targetNamespace = NS)
  @ResponseWrapper(localName = "SubtractResponse", targetNamespace = NS)
  double subtract(
      @WebParam(name = "n1", targetNamespace = NS) double n1,
      @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Multiply", action = NS + "/ICalculator/Multiply")
  @Action(input = NS + "/ICalculator/Multiply", output = NS + "/ICalculator/MultiplyResponse")
  @WebResult(name = "MultiplyResult", targetNamespace = NS)
  @RequestWrapper(localName = "Multiply", targetNamespace = NS)
  @ResponseWrapper(localName = "MultiplyResponse", targetNamespace = NS)
  double multiply(
      @WebParam(name = "n1", targetNamespace = NS) double n1,
      @WebParam(name = "n2", targetNamespace = NS) double n2);

  @WebMethod(operationName = "Divide", action = NS + "/ICalculator/Divide")
  @Action(input = NS + "/ICalculator/Divide", output = NS + "/ICalculator/DivideResponse")
  @WebResult(name = "DivideResult", targetNamespace = NS)
  @RequestWrapper(localName = "Divide", targetNamespace = NS)
  @ResponseWrapper(localName = "DivideResponse", targetNamespace = NS)
  double divide(
      @WebParam(name = "n1", targetNamespace = NS) double n1,
      @WebParam(name = "n2", targetNamespace = NS) double n2);
}
