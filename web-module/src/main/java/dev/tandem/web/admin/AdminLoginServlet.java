package dev.tandem.web.admin;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The login form ({@code GET /admin/login}), its submission ({@code POST}: Jakarta Security's
 * {@link SecurityContext#authenticate}, then back to {@code next}) and {@code /admin/logout}. While
 * the admin page is disabled (Payara Micro without credentials) the form is replaced by a 503 that
 * says how to enable it.
 */
public class AdminLoginServlet extends HttpServlet {
  @Inject SecurityContext security;
  @Inject AdminCredentials credentials;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    if ("/admin/logout".equals(req.getServletPath())) {
      req.logout();
      if (req.getSession(false) != null) {
        req.getSession(false).invalidate();
      }
      resp.sendRedirect(req.getContextPath() + "/admin/login");
      return;
    }
    form(req, resp, null);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    if (!credentials.pageEnabled()) {
      form(req, resp, null);
      return;
    }
    String user = req.getParameter("username");
    String password = req.getParameter("password");
    AuthenticationStatus status =
        user == null || password == null
            ? AuthenticationStatus.SEND_FAILURE
            : security.authenticate(
                req,
                resp,
                withParams()
                    .credential(new UsernamePasswordCredential(user, password))
                    .newAuthentication(true));
    if (status == AuthenticationStatus.SUCCESS) {
      resp.sendRedirect(safeNext(req));
      return;
    }
    resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    form(req, resp, "Wrong user name or password.");
  }

  private void form(HttpServletRequest req, HttpServletResponse resp, String error)
      throws ServletException, IOException {
    if (!credentials.pageEnabled()) {
      resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      req.setAttribute("disabled", true);
    }
    req.setAttribute("error", error);
    req.setAttribute("next", safeNext(req));
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Frame-Options", "DENY");
    getServletContext().getNamedDispatcher("adminLogin").forward(req, resp);
  }

  /** Only a path of this application: never an open redirect to another site. */
  private static String safeNext(HttpServletRequest req) {
    String next = req.getParameter("next");
    String admin = req.getContextPath() + "/admin/";
    return next != null && next.startsWith(admin) && !next.contains("//") && !next.contains("\\")
        ? next
        : admin + "sequences";
  }
}
