package dev.tandem.web.admin;

import dev.tandem.rm.model.SequenceState;
import dev.tandem.store.OperationsStore;
import java.util.Locale;

/** The list's filter from the page's and the JSON view's query parameters. */
final class AdminFilters {
  private AdminFilters() {}

  /**
   * @param state {@code active}, {@code closed} or {@code terminated} (any case), blank for any
   * @param endpoint a service path such as {@code /service.svc}, blank for any
   * @param q part of a Sequence Identifier, blank for any
   * @throws IllegalArgumentException when {@code state} is none of those
   */
  static OperationsStore.Filter of(String state, String endpoint, String q) {
    SequenceState s = null;
    if (state != null && !state.isBlank()) {
      try {
        s = SequenceState.valueOf(state.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("state must be active, closed or terminated", e);
      }
    }
    return new OperationsStore.Filter(s, blank(endpoint), blank(q));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
