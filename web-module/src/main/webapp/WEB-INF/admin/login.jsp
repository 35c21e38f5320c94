<%@ include file="header.jspf" %>
<h1>Sign in</h1>
<c:choose>
  <c:when test="${disabled}">
    <div class="error" id="disabled">The admin page is disabled until its credentials are set:
      <code>TANDEM_ADMIN_USER</code> and <code>TANDEM_ADMIN_PASSWORD</code>
      (<code>-Dtandem.admin.user=&hellip; -Dtandem.admin.password=&hellip;</code>).</div>
  </c:when>
  <c:otherwise>
    <c:if test="${not empty error}"><div class="error" id="login-error"><c:out value="${error}"/></div></c:if>
    <form method="post" action="${pageContext.request.contextPath}/admin/login">
      <input type="hidden" name="next" value="<c:out value='${next}'/>">
      <p><label>User <input id="username" name="username" autocomplete="username" autofocus></label></p>
      <p><label>Password <input id="password" name="password" type="password" autocomplete="current-password"></label></p>
      <p><button id="login" type="submit">Sign in</button></p>
    </form>
  </c:otherwise>
</c:choose>
<%@ include file="footer.jspf" %>
