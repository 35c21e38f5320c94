<%@ include file="header.jspf" %>
<c:set var="s" value="${d.summary()}"/>
<p><a href="${pageContext.request.contextPath}/admin/sequences">&larr; all Sequences</a></p>
<h1>Session <code id="session-id"><c:out value="${s.id()}"/></code></h1>
<dl>
  <dt>Endpoint</dt><dd><c:out value="${s.endpoint()}"/></dd>
  <dt>RM version</dt><dd><c:out value="${s.rmVersion()}"/></dd>
  <dt>State</dt><dd id="state" class="state-${s.state()}"><c:out value="${s.state()}"/></dd>
  <dt>Back channel</dt><dd><c:out value="${d.backChannelDescription()}"/> (<c:out value="${s.backChannel()}"/>)</dd>
  <dt>AcksTo</dt><dd><code><c:out value="${d.acksTo()}"/></code></dd>
  <dt>Created</dt><dd><c:out value="${s.created()}"/> (${s.ageSeconds()} s ago)</dd>
  <dt>Last activity</dt><dd><c:out value="${s.lastActivity()}"/> (${s.idleSeconds()} s ago)</dd>
  <dt>Expires</dt><dd><c:out value="${d.expiresAt() == null ? 'never' : d.expiresAt()}"/></dd>
</dl>
<h2>Sequences</h2>
<table id="sequence-pair">
  <thead><tr><th>Direction</th><th>Identifier</th><th class="num">Messages</th><th class="num">Delivered / acked</th><th>AcknowledgementRanges</th></tr></thead>
  <tbody>
    <tr><td>inbound (RM Destination)</td><td><code><c:out value="${s.inbound().id()}"/></code></td>
      <td class="num">${s.inbound().messages()}</td><td class="num">${s.inbound().done()}</td><td id="ack-ranges"><c:out value="${s.inbound().ranges()}"/></td></tr>
    <c:choose>
      <c:when test="${s.outbound() != null}">
        <tr><td>outbound (RM Source)</td><td><code id="outbound-id"><c:out value="${s.outbound().id()}"/></code></td>
          <td class="num">${s.outbound().messages()}</td><td class="num">${s.outbound().done()}</td><td><c:out value="${s.outbound().ranges()}"/></td></tr>
      </c:when>
      <c:otherwise><tr><td>outbound</td><td colspan="4">none (no Offer, or not yet named)</td></tr></c:otherwise>
    </c:choose>
  </tbody>
</table>
<h2>Inbound messages</h2>
<form method="get" action="${pageContext.request.contextPath}/admin/sequence" class="filters">
  <input type="hidden" name="id" value="<c:out value='${param.id}'/>">
  <label>From MessageNumber <input type="number" min="1" id="from" name="from" value="${d.messagesFrom()}"></label>
  <button type="submit" id="go">Show</button>
</form>
<table id="messages">
  <thead><tr><th class="num">MessageNumber</th><th>Status</th><th class="num">Reply MessageNumber</th><th>Reply Action</th></tr></thead>
  <tbody>
  <c:forEach var="m" items="${d.messages()}">
    <tr class="message" data-number="${m.messageNumber()}"><td class="num">${m.messageNumber()}</td><td class="status"><c:out value="${m.status()}"/></td>
      <td class="num"><c:out value="${m.replyNumber()}"/></td><td><code><c:out value="${m.replyAction()}"/></code></td></tr>
  </c:forEach>
  <c:if test="${empty d.messages() and d.messagesFrom() == 1}"><tr><td colspan="4">none stored (a terminated Sequence keeps none)</td></tr></c:if>
  <c:if test="${empty d.messages() and d.messagesFrom() > 1}"><tr><td colspan="4">none stored from MessageNumber ${d.messagesFrom()} on</td></tr></c:if>
  </tbody>
</table>
<p class="pager">
  <c:if test="${d.messagesFrom() > 1}">
    <c:url var="first" value="/admin/sequence"><c:param name="id" value="${param.id}"/></c:url>
    <a id="messages-first" href="${first}">&larr; from the first</a>
  </c:if>
  <c:if test="${d.messagesNext() != null}">
    <c:url var="more" value="/admin/sequence"><c:param name="id" value="${param.id}"/><c:param name="from" value="${d.messagesNext()}"/></c:url>
    <a id="messages-next" href="${more}">next, from MessageNumber ${d.messagesNext()} &rarr;</a>
  </c:if>
</p>
<h2>Outbound queue</h2>
<table id="outbound">
  <thead><tr><th class="num">MessageNumber</th><th>Kind</th><th>Action</th><th>To</th><th>Status</th><th class="num">Attempts</th><th>Next attempt</th><th>Last error</th></tr></thead>
  <tbody>
  <c:forEach var="o" items="${d.outbound()}">
    <tr class="outbound"><td class="num">${o.messageNumber()}</td><td><c:out value="${o.kind()}"/></td><td><code><c:out value="${o.action()}"/></code></td>
      <td><code><c:out value="${o.to()}"/></code></td><td class="status"><c:out value="${o.status()}"/></td><td class="num">${o.attempts()}</td>
      <td><c:out value="${o.nextAttemptAt()}"/></td><td><c:out value="${o.lastError()}"/></td></tr>
  </c:forEach>
  <c:if test="${empty d.outbound()}"><tr><td colspan="8">empty</td></tr></c:if>
  </tbody>
</table>
<h2>Actions</h2>
<c:url var="terminate" value="/admin/confirm"><c:param name="action" value="terminate"/><c:param name="id" value="${s.id()}"/></c:url>
<c:url var="purge" value="/admin/confirm"><c:param name="action" value="purge"/><c:param name="id" value="${s.id()}"/></c:url>
<c:url var="retry" value="/admin/confirm"><c:param name="action" value="retry"/><c:param name="id" value="${s.id()}"/></c:url>
<p>
  <c:if test="${s.state() != 'terminated'}"><a id="terminate" href="${terminate}">Terminate&hellip;</a> &middot;</c:if>
  <c:if test="${s.state() == 'terminated'}"><a id="purge" href="${purge}">Purge&hellip;</a> &middot;</c:if>
  <a id="retry" href="${retry}">Retry outbound now&hellip;</a>
</p>
<%@ include file="footer.jspf" %>
