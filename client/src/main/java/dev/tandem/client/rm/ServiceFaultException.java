package dev.tandem.client.rm;

/** The service answered with a SOAP fault (exit code 1). */
public class ServiceFaultException extends RuntimeException {
  private final transient Message fault;

  public ServiceFaultException(Message fault) {
    super("SOAP fault: " + fault.faultSummary());
    this.fault = fault;
  }

  public Message fault() {
    return fault;
  }
}
