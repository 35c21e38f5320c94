package dev.tandem.web.admin;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The JSON view of the admin page (Jakarta REST, mapped to {@code /admin/api/*} in web.xml, same
 * role and credentials as the page; scripts use HTTP Basic).
 */
public class AdminApi extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(SessionsResource.class);
  }
}
