package dev.tandem.web.admin;

import dev.tandem.operations.SequenceAdmin;
import dev.tandem.rm.model.SequenceState;
import dev.tandem.store.OperationsStore;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin pages under {@code /admin} (role {@code admin}, see web.xml): {@code sequences} (the
 * list, filtered by {@code state}, {@code endpoint} and an Identifier part {@code q}), {@code
 * sequence?id=} (one session), {@code confirm?action=&id=} (the confirmation of an action) and
 * POST {@code action} (runs it and returns to the session, with a message). Actions need the
 * session's CSRF token from the confirmation form. Rendering is the JSPs' (named servlets in
 * web.xml, since {@code /*} belongs to Service.svc).
 */
public class AdminPagesServlet extends HttpServlet {
  /** Most sessions one list page shows. */
  static final int PAGE = 200;
  private static final Set<String> ACTIONS = Set.of("terminate", "purge", "retry");
  private static final String TOKEN = "tandem.admin.csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject SequenceAdmin admin;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    String page = req.getPathInfo() == null ? "/" : req.getPathInfo();
    req.setAttribute("user", req.getRemoteUser());
    switch (page) {
      case "/", "" -> resp.sendRedirect(req.getContextPath() + "/admin/sequences");
      case "/sequences" -> list(req, resp);
      case "/sequence" -> detail(req, resp);
      case "/confirm" -> confirm(req, resp);
      default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"/action".equals(req.getPathInfo())) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String action = req.getParameter("action");
    String id = req.getParameter("id");
    if (action == null || !ACTIONS.contains(action) || id == null || !tokenMatches(req)) {
      resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action or stale form");
      return;
    }
    String who = req.getRemoteUser();
    String flash =
        switch (action) {
          case "terminate" -> admin.terminate(id, who)
              ? "Terminated. The client's next message gets a SequenceTerminated fault."
              : "Nothing to terminate: the Sequence is unknown or terminated already.";
          case "purge" -> admin.purge(id, who)
              ? "Purged. A later message for it gets an UnknownSequence fault."
              : "Not purged: only a terminated Sequence can be purged.";
          default -> admin.retryNow(id, who) + " outbound messages made due now.";
        };
    String back = "purge".equals(action) && flash.startsWith("Purged") ? "/admin/sequences?" : "/admin/sequence?id=" + enc(id) + "&";
    resp.sendRedirect(req.getContextPath() + back + "flash=" + enc(flash));
  }

  private void list(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    OperationsStore.Filter filter;
    try {
      filter = AdminFilters.of(req.getParameter("state"), req.getParameter("endpoint"), req.getParameter("q"));
    } catch (IllegalArgumentException e) {
      resp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
      return;
    }
    int from = (int) Math.min(Integer.MAX_VALUE, from(req, 0));
    req.setAttribute("page", admin.list(filter, from, PAGE));
    req.setAttribute("pageSize", PAGE);
    req.setAttribute("states", SequenceState.values());
    render("adminList", req, resp);
  }

  private void detail(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    String id = req.getParameter("id");
    long fromNumber = from(req, 1);
    var detail =
        id == null ? null : admin.detail(id, fromNumber, SequenceAdmin.DEFAULT_MESSAGES).orElse(null);
    if (detail == null) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND, "No such Sequence");
      return;
    }
    req.setAttribute("d", detail);
    render("adminDetail", req, resp);
  }

  /**
   * The {@code from} parameter (a list position or a MessageNumber), at least {@code first}; {@code
   * first} when absent or not a number (a hand-edited URL).
   */
  private static long from(HttpServletRequest req, long first) {
    String from = req.getParameter("from");
    if (from != null) {
      try {
        return Math.max(first, Long.parseLong(from));
      } catch (NumberFormatException e) {
        // the first page
      }
    }
    return first;
  }

  private void confirm(HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    String action = req.getParameter("action");
    String id = req.getParameter("id");
    if (action == null || !ACTIONS.contains(action) || id == null) {
      resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    req.setAttribute("action", action);
    req.setAttribute("id", id);
    req.setAttribute("token", token(req.getSession()));
    render("adminConfirm", req, resp);
  }

  private void render(String jsp, HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Frame-Options", "DENY");
    getServletContext().getNamedDispatcher(jsp).forward(req, resp);
  }

  private static String token(HttpSession session) {
    String t = (String) session.getAttribute(TOKEN);
    if (t == null) {
      byte[] b = new byte[24];
      RANDOM.nextBytes(b);
      t = HexFormat.of().formatHex(b);
      session.setAttribute(TOKEN, t);
    }
    return t;
  }

  private static boolean tokenMatches(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(TOKEN);
    String sent = req.getParameter("token");
    return expected != null
        && sent != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
