<%@ include file="header.jspf" %>
<h1>Confirm</h1>
<c:url var="back" value="/admin/sequence"><c:param name="id" value="${id}"/></c:url>
<p id="question">
<c:choose>
  <c:when test="${action == 'terminate'}">Terminate the session <code><c:out value="${id}"/></code>? Both of its Sequences end,
    held messages and its outbound queue are discarded, and the client's next message gets a SequenceTerminated fault.</c:when>
  <c:when test="${action == 'purge'}">Purge the terminated session <code><c:out value="${id}"/></code>? Everything stored for it is deleted;
    a later message for it gets an UnknownSequence fault.</c:when>
  <c:otherwise>Send the outbound queue of <code><c:out value="${id}"/></code> now, without waiting for its back-off?</c:otherwise>
</c:choose>
</p>
<form method="post" action="${pageContext.request.contextPath}/admin/action" class="inline">
  <input type="hidden" name="action" value="<c:out value='${action}'/>">
  <input type="hidden" name="id" value="<c:out value='${id}'/>">
  <input type="hidden" name="token" value="<c:out value='${token}'/>">
  <button id="confirm" type="submit" class="danger">Yes, <c:out value="${action}"/></button>
</form>
<a id="cancel" href="${back}">Cancel</a>
<%@ include file="footer.jspf" %>
