<%@ include file="header.jspf" %>
<h1>Sequences</h1>
<form method="get" action="${pageContext.request.contextPath}/admin/sequences" id="filter">
  <label>State
    <select name="state" id="state">
      <option value="">any</option>
      <c:forEach var="st" items="${states}">
        <option value="${st.name().toLowerCase()}" ${param.state == st.name().toLowerCase() ? 'selected' : ''}>${st.name().toLowerCase()}</option>
      </c:forEach>
    </select></label>
  <label>Endpoint <input name="endpoint" id="endpoint" value="<c:out value='${param.endpoint}'/>" placeholder="/service.svc"></label>
  <label>Identifier <input name="q" id="q" value="<c:out value='${param.q}'/>" placeholder="part of an Identifier" size="40"></label>
  <button type="submit" id="apply">Filter</button>
</form>
<p id="count">Showing <c:out value="${page.sessions().size()}"/> of <c:out value="${page.total()}"/> sessions<c:if test="${page.offset() > 0}"> from number <c:out value="${page.offset() + 1}"/></c:if>, most recently active first.
  <c:if test="${page.offset() > 0}">
    <c:url var="prev" value="/admin/sequences"><c:param name="state" value="${param.state}"/><c:param name="endpoint" value="${param.endpoint}"/><c:param name="q" value="${param.q}"/><c:param name="from" value="${page.offset() - pageSize < 0 ? 0 : page.offset() - pageSize}"/></c:url>
    <a id="previous" href="${prev}">&larr; previous ${pageSize}</a>
  </c:if>
  <c:if test="${page.offset() + page.sessions().size() < page.total()}">
    <c:url var="next" value="/admin/sequences"><c:param name="state" value="${param.state}"/><c:param name="endpoint" value="${param.endpoint}"/><c:param name="q" value="${param.q}"/><c:param name="from" value="${page.offset() + pageSize}"/></c:url>
    <a id="next" href="${next}">next ${pageSize} &rarr;</a>
  </c:if>
</p>
<table id="sequences">
  <thead><tr>
    <th>Sequence</th><th>Direction</th><th>Endpoint</th><th>RM version</th><th>State</th>
    <th class="num">Messages</th><th class="num">Delivered / acked</th><th class="num">Held</th><th class="num">Queued</th>
    <th>Last activity</th><th class="num">Age (s)</th>
  </tr></thead>
  <tbody>
  <c:forEach var="s" items="${page.sessions()}">
    <c:url var="link" value="/admin/sequence"><c:param name="id" value="${s.id()}"/></c:url>
    <tr class="sequence" data-id="<c:out value='${s.id()}'/>">
      <td><a class="sequence-link" href="${link}"><code><c:out value="${s.id()}"/></code></a>
        <c:if test="${s.outbound() != null}"><br><code>&#8627; <c:out value="${s.outbound().id()}"/></code></c:if></td>
      <td>inbound<c:if test="${s.outbound() != null}"><br>outbound</c:if></td>
      <td><c:out value="${s.endpoint()}"/></td>
      <td><c:out value="${s.rmVersion()}"/></td>
      <td class="state state-${s.state()}"><c:out value="${s.state()}"/></td>
      <td class="num">${s.inbound().messages()}<c:if test="${s.outbound() != null}"><br>${s.outbound().messages()}</c:if></td>
      <td class="num">${s.inbound().done()}<c:if test="${s.outbound() != null}"><br>${s.outbound().done()}</c:if></td>
      <td class="num held">${s.held()}</td>
      <td class="num queued">${s.queued()}</td>
      <td><c:out value="${s.lastActivity()}"/></td>
      <td class="num">${s.ageSeconds()}</td>
    </tr>
  </c:forEach>
  </tbody>
</table>
<%@ include file="footer.jspf" %>
