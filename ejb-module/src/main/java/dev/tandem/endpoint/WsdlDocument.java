package dev.tandem.endpoint;

import java.util.Map;
import java.util.Objects;

/**
 * The WSDL a service publishes: a template of the web module ({@code /wsdl/<template>.xml}) and the
 * values of its placeholders ({@code @NAME@}) that make this service's variant of it, e.g. the duplex
 * samples' namespace ({@code NS}) and running-result callback ({@code RESULT_OP}).
 *
 * <p>The placeholders for the address and the policy assertions ({@code ADDRESS}, {@code
 * RM_ASSERTION}, {@code TRANSPORT_ASSERTION}) are filled per request by the publisher, not here.
 *
 * @param template the template's name, without directory and extension (e.g. {@code duplex})
 * @param parameters placeholder name (without the {@code @}s) to its value
 */
public record WsdlDocument(String template, Map<String, String> parameters) {
  /** Copies the parameters; a null template or parameter is refused. */
  public WsdlDocument {
    Objects.requireNonNull(template, "template");
    parameters = Map.copyOf(parameters);
  }

  /** A template used as it is. */
  public static WsdlDocument of(String template) {
    return new WsdlDocument(template, Map.of());
  }
}
