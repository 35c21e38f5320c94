package dev.tandem.endpoint;

/**
 * How a hosted service exchanges messages with its client, as WCF's contract shapes name it; the
 * pattern also fixes how service instances are kept.
 */
public enum ExchangePattern {
  /**
   * Request-reply ({@code [OperationContract]} with a return value): each request has its reply on
   * the same channel. One service instance serves every call (WCF {@code InstanceContextMode.Single}
   * and {@code PerCall} behave alike for a stateless service).
   */
  REQUEST_REPLY,

  /**
   * Duplex ({@code [ServiceContract(CallbackContract = ...)]}): one-way operations whose results come
   * back as callbacks, over a dual channel or on WS-MakeConnection polls. One service instance per
   * session (WCF {@code InstanceContextMode.PerSession}).
   */
  DUPLEX
}
