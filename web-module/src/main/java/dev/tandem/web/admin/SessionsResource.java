package dev.tandem.web.admin;

import dev.tandem.operations.SequenceAdmin;
import dev.tandem.operations.SessionViews.SessionDetail;
import dev.tandem.operations.SessionViews.SessionPage;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /admin/api/sessions?state=&endpoint=&q=&offset=&limit=} — the sessions the admin page
 * lists ({@link SessionPage}: {@code total}, {@code offset} and up to {@code limit} (1–1000, default
 * 200) {@code sessions} from position {@code offset} (default 0), most recently active first);
 * {@code GET /admin/api/sessions/{id}?from=&limit=} — one session by either Sequence's Identifier
 * ({@link SessionDetail}) with its stored inbound messages from MessageNumber {@code from} (default
 * 1), at most {@code limit} (1–1000, default 500; {@code messagesNext} is where the next page
 * starts), 404 when there is none. A bad {@code state}, {@code from} or {@code limit} gets 400.
 */
@Path("sessions")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class SessionsResource {
  @Inject SequenceAdmin admin;

  @GET
  public SessionPage list(
      @QueryParam("state") String state,
      @QueryParam("endpoint") String endpoint,
      @QueryParam("q") String q,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("200") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadRequestException("limit must be 1 to 1000");
    }
    if (offset < 0) {
      throw new BadRequestException("offset must be 0 or more");
    }
    try {
      return admin.list(AdminFilters.of(state, endpoint, q), offset, limit);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  @GET
  @Path("{id}")
  public SessionDetail detail(
      @PathParam("id") String id,
      @QueryParam("from") @DefaultValue("1") long fromNumber,
      @QueryParam("limit") @DefaultValue("" + SequenceAdmin.DEFAULT_MESSAGES) int limit) {
    try {
      SequenceAdmin.checkMessagePage(fromNumber, limit);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    return admin
        .detail(id, fromNumber, limit)
        .orElseThrow(() -> new NotFoundException("no Sequence " + id));
  }
}
