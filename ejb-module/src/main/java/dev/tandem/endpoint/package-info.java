/**
 * The one table of hosted endpoints ({@link dev.tandem.endpoint.EndpointTable#SAMPLES}): for each
 * path below {@code Service.svc}, which ported WCF service runs there, its exchange pattern, whether
 * it is reliable or HTTPS only, and which WSDL it publishes. The Metro binding ({@code
 * dev.tandem.binding}) builds its services from it and the web module's WSDL publisher its documents,
 * so adding a service means a sample, a table row and a WSDL template.
 *
 * <p>Plain data: it knows neither Metro nor servlets.
 */
package dev.tandem.endpoint;
