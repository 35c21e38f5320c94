/**
 * The HTTP edge ({@code Service.svc}): the servlet that reads a message's bytes and hands them to the
 * session layer, body deadlines and the size limit, WS-MakeConnection polls parked without a thread,
 * the store failures it answers specially, the readiness check, and the WSDL documents ({@link
 * dev.tandem.web.WsdlPublisher}) of the endpoints in {@link dev.tandem.endpoint.EndpointTable}. Only
 * this module knows servlets.
 */
package dev.tandem.web;
