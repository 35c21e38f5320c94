package dev.tandem.samples.processdata;

import jakarta.jws.Oneway;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import jakarta.xml.ws.Action;

/** The RSP sample's callback contract: one-way {@code SendProcessedData(string processedData)}. */
@WebService(name = "IProcessDataDuplexCallBack", targetNamespace = IProcessDataDuplex.NS)
public interface IProcessDataDuplexCallBack {

  @WebMethod(operationName = "SendProcessedData")
  @Action(input = IProcessDataDuplex.NS + "IProcessDataDuplex/SendProcessedData")
  @Oneway
  void sendProcessedData(
      @WebParam(name = "processedData", targetNamespace = IProcessDataDuplex.NS) String processedData);
}
