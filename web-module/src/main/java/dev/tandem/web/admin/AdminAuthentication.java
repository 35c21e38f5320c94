package dev.tandem.web.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import java.io.IOException;
import java.security.Principal;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * How admins log in (Jakarta Security): a browser is sent to the login form ({@code /admin/login})
 * and keeps its login in the HTTP session (registered at login, resumed on each request as
 * {@code @AutoApplySession} would, which would also give every Basic request a session); a script
 * sends HTTP Basic credentials with each request
 * (the JSON view answers 401 with a {@code WWW-Authenticate: Basic} challenge without them). Both
 * are validated by the identity stores ({@link ConfiguredAdminStore}, {@link AdminRealm}). Requests
 * outside the admin pages pass untouched. A failed login is logged (TANDEM-ADMIN-0005) with the
 * name tried and the client's address.
 */
@ApplicationScoped
public class AdminAuthentication implements HttpAuthenticationMechanism {
  private static final Logger LOG = Logger.getLogger(AdminAuthentication.class.getName());
  static final String REALM = "Tandem admin";

  @Inject IdentityStoreHandler identities;
  @Inject AdminCredentials credentials;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest req, HttpServletResponse resp, HttpMessageContext ctx) {
    Credential offered = ctx.getAuthParameters().getCredential();
    if (offered != null) {
      // SecurityContext.authenticate from the login form.
      return validate(offered, req, resp, ctx, false);
    }
    Principal signedIn = req.getUserPrincipal();
    if (signedIn != null) {
      // A browser signed in on the form: the session registered at login carries its groups.
      return resume(signedIn, ctx);
    }
    String basic = req.getHeader("Authorization");
    if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      return validate(decode(basic.substring(6).trim()), req, resp, ctx, true);
    }
    if (!ctx.isProtected()) {
      return ctx.doNothing();
    }
    if (!credentials.pageEnabled()) {
      return disabled(resp);
    }
    if (isApi(req)) {
      return challenge(resp, ctx);
    }
    String next = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
    return ctx.redirect(
        req.getContextPath() + "/admin/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
  }

  private AuthenticationStatus validate(
      Credential c, HttpServletRequest req, HttpServletResponse resp, HttpMessageContext ctx,
      boolean basic) {
    if (!credentials.pageEnabled()) {
      return disabled(resp);
    }
    CredentialValidationResult r = c == null ? CredentialValidationResult.INVALID_RESULT : identities.validate(c);
    if (r.getStatus() == CredentialValidationResult.Status.VALID) {
      if (!basic) {
        // Only the form's login lives in the HTTP session; a script's Basic credentials are checked
        // on each request, so its calls leave no session behind.
        ctx.setRegisterSession(r.getCallerPrincipal().getName(), r.getCallerGroups());
      }
      return ctx.notifyContainerAboutLogin(r);
    }
    String who = c instanceof UsernamePasswordCredential u ? u.getCaller() : "(unreadable)";
    LOG.warning(
        () -> "TANDEM-ADMIN-0005 admin login failed for user '" + who + "' from " + req.getRemoteAddr());
    return basic ? challenge(resp, ctx) : AuthenticationStatus.SEND_FAILURE;
  }

  /** Re-establishes a registered session's caller, as Jakarta Security's AutoApplySession does. */
  private static AuthenticationStatus resume(Principal caller, HttpMessageContext ctx) {
    try {
      ctx.getHandler()
          .handle(new Callback[] {new CallerPrincipalCallback(ctx.getClientSubject(), caller)});
      return AuthenticationStatus.SUCCESS;
    } catch (IOException | UnsupportedCallbackException e) {
      throw new IllegalStateException("the container refused the session's caller", e);
    }
  }

  private static AuthenticationStatus challenge(HttpServletResponse resp, HttpMessageContext ctx) {
    resp.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    return ctx.responseUnauthorized();
  }

  private static AuthenticationStatus disabled(HttpServletResponse resp) {
    try {
      resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter()
          .write(
              "The admin page is disabled until its credentials are set: TANDEM_ADMIN_USER and"
                  + " TANDEM_ADMIN_PASSWORD (tandem.admin.user, tandem.admin.password).\n");
      resp.flushBuffer();
    } catch (IOException gone) {
      // the client left; nothing to tell it
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static boolean isApi(HttpServletRequest req) {
    return req.getRequestURI().startsWith(req.getContextPath() + "/admin/api/");
  }

  /** {@code user:password} from Basic's base64 (RFC 7617), or null when it is not that. */
  private static UsernamePasswordCredential decode(String token) {
    try {
      String pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : new UsernamePasswordCredential(pair.substring(0, colon), pair.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
