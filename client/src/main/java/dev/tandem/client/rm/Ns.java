package dev.tandem.client.rm;

/** The namespaces and well-known URIs on the wire (see wcf-wire.md §1). */
public final class Ns {
  public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
  public static final String WSA = "http://www.w3.org/2005/08/addressing";
  public static final String ANONYMOUS = WSA + "/anonymous";
  public static final String MC = "http://docs.oasis-open.org/ws-rx/wsmc/200702";
  public static final String MC_ANONYMOUS_PREFIX = MC + "/anonymous?id=";
  public static final String MAKE_CONNECTION = MC + "/MakeConnection";
  public static final String NETRM = "http://schemas.microsoft.com/ws/2006/05/rm";

  private Ns() {}
}
