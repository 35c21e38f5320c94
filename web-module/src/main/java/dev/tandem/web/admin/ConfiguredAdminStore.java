package dev.tandem.web.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * Jakarta Security identity store of the configured admin ({@link AdminCredentials}): valid with
 * the group {@value #GROUP} for the configured user and password; not validated (so the realm may
 * answer) for anything else.
 */
@ApplicationScoped
public class ConfiguredAdminStore implements IdentityStore {
  /** The group, mapped to the role of the same name (payara-web.xml). */
  public static final String GROUP = "admin";

  @Inject AdminCredentials credentials;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (credential instanceof UsernamePasswordCredential c && credentials.matches(c)) {
      return new CredentialValidationResult(c.getCaller(), Set.of(GROUP));
    }
    return CredentialValidationResult.NOT_VALIDATED_RESULT;
  }
}
