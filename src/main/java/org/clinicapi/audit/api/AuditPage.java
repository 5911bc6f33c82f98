package org.clinicapi.audit.api;

import org.clinicapi.common.Cursor;

import java.util.List;

/** One page of the audit log, and the position after its last row when there is more ({@code next}, else null). */
public record AuditPage(List<AuditEntry> items, Cursor next) {

  /** The opaque cursor of the next page as clients see it, or null on the last page. */
  public String nextCursor() {
    return next == null ? null : next.encode();
  }
}
