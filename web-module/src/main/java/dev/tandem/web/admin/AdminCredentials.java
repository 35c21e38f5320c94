package dev.tandem.web.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The admin's credentials from configuration: {@code tandem.admin.user} and {@code
 * tandem.admin.password} (MicroProfile Config: {@code TANDEM_ADMIN_USER} / {@code
 * TANDEM_ADMIN_PASSWORD}, system properties, the admin console). Read once at start-up.
 *
 * <p>When they are not set, the admin page is served only on Payara Server, whose {@code file}
 * realm then supplies the admins; the Payara Micro uber-jar has no realm users and refuses the page
 * (503) until they are set, and says so in its start-up log (TANDEM-ADMIN-0004).
 */
@ApplicationScoped
public class AdminCredentials {
  private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());
  static final String USER = "tandem.admin.user";
  static final String PASSWORD = "tandem.admin.password";

  private volatile String user;
  private volatile byte[] password;
  private volatile boolean micro;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    user = setting(USER).orElse(null);
    password = setting(PASSWORD).map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
    micro = onPayaraMicro();
    if (!configured() && micro) {
      LOG.warning(
          "TANDEM-ADMIN-0004 admin page /admin disabled (503) until its credentials are set:"
              + " TANDEM_ADMIN_USER and TANDEM_ADMIN_PASSWORD (or -Dtandem.admin.user=..."
              + " -Dtandem.admin.password=...)");
    } else if ((user == null) != (password == null)) {
      LOG.warning(
          "TANDEM-ADMIN-0004 only one of tandem.admin.user and tandem.admin.password is set;"
              + " configured login disabled");
    }
  }

  /** Both the user and the password are configured. */
  public boolean configured() {
    return user != null && password != null;
  }

  /** Whether the page may be served: credentials configured, or a realm to log in against. */
  public boolean pageEnabled() {
    return configured() || !micro;
  }

  /** True when {@code c} names the configured user with the configured password. */
  boolean matches(UsernamePasswordCredential c) {
    if (!configured()) {
      return false;
    }
    // Constant-time comparisons: the answer's timing tells nothing about the password.
    boolean userOk =
        MessageDigest.isEqual(
            user.getBytes(StandardCharsets.UTF_8), c.getCaller().getBytes(StandardCharsets.UTF_8));
    boolean passwordOk =
        MessageDigest.isEqual(password, c.getPasswordAsString().getBytes(StandardCharsets.UTF_8));
    return userOk & passwordOk;
  }

  private static Optional<String> setting(String key) {
    return ConfigProvider.getConfig().getOptionalValue(key, String.class).filter(s -> !s.isBlank());
  }

  /** Payara Micro's launcher class is on the system class path; Payara Server has none. */
  private static boolean onPayaraMicro() {
    try {
      Class.forName("fish.payara.micro.PayaraMicro", false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
