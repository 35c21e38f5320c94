package dev.tandem.samples.processdata;

import jakarta.jws.Oneway;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;
import jakarta.xml.ws.RequestWrapper;

/**
 * The Reliable Secure Profile sample's contract ([RSP] IProcessDataService.cs): no namespace on the
 * WCF contract, so {@value #NS}; one-way {@code ProcessData(string rawData)}.
 */
@WebService(name = "IProcessDataDuplex", targetNamespace = IProcessDataDuplex.NS)
public interface IProcessDataDuplex {
  String NS = "http://tempuri.org/";

  @WebMethod(operationName = "ProcessData", action = NS + "IProcessDataDuplex/ProcessData")
  @Action(input = NS + "IProcessDataDuplex/ProcessData")
  @RequestWrapper(localName = "ProcessData", targetNamespace = NS)
  @Oneway
  void processData(@WebParam(name = "rawData", targetNamespace = NS) String rawData);
}
