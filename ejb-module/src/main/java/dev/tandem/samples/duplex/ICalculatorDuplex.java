package dev.tandem.samples.duplex;

import jakarta.jws.Oneway;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.RequestWrapper;

/**
 * The WCF duplex sample's contract, docs variant ([DUPLEX-DOC]): namespace {@value #NS}, one-way
 * operations with parameter {@code n}, actions {@code NS/ICalculatorDuplex/Op}.
 */
@WebService(name = "ICalculatorDuplex", targetNamespace = ICalculatorDuplex.NS)
public interface ICalculatorDuplex {
  String NS = "http://Microsoft.ServiceModel.Samples";

  @WebMethod(operationName = "Clear", action = NS + "/ICalculatorDuplex/Clear")
  @Action(input = NS + "/ICalculatorDuplex/Clear")
  @RequestWrapper(localName = "Clear", targetNamespace = NS)
  @Oneway
  void clear();

  @WebMethod(operationName = "AddTo", action = NS + "/ICalculatorDuplex/AddTo")
  @Action(input = NS + "/ICalculatorDuplex/AddTo")
  @RequestWrapper(localName = "AddTo", targetNamespace = NS)
  @Oneway
  void addTo(@WebParam(name = "n", targetNamespace = NS) double n);

  @WebMethod(operationName = "SubtractFrom", action = NS + "/ICalculatorDuplex/SubtractFrom")
  @Action(input = NS + "/ICalculatorDuplex/SubtractFrom")
  @RequestWrapper(localName = "SubtractFrom", targetNamespace = NS)
  @Oneway
  void subtractFrom(@WebParam(name = "n", targetNamespace = NS) double n);

  @WebMethod(operationName = "MultiplyBy", action = NS + "/ICalculatorDuplex/MultiplyBy")
  @Action(input = NS + "/ICalculatorDuplex/MultiplyBy")
  @RequestWrapper(localName = "MultiplyBy", targetNamespace = NS)
  @Oneway
  void multiplyBy(@WebParam(name = "n", targetNamespace = NS) double n);

  @WebMethod(operationName = "DivideBy", action = NS + "/ICalculatorDuplex/DivideBy")
  @Action(input = NS + "/ICalculatorDuplex/DivideBy")
  @RequestWrapper(localName = "DivideBy", targetNamespace = NS)
  @Oneway
  void divideBy(@WebParam(name = "n", targetNamespace = NS) double n);
}
