package org.clinicapi.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset cursors: opaque to clients, they hold the (timestamp, id) of the last row seen, so pages stay
 * stable while rows are inserted. A cursor that does not decode is a 400.
 */
public final class Paging {
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;

  public record Cursor(OffsetDateTime at, UUID id) {
  }

  private Paging() {
  }

  public static String encode(OffsetDateTime at, UUID id) {
    String raw = at.toString() + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; throws a 400 for a malformed one. */
  public static Cursor decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
      return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ServiceException.validation(List.of(new FieldError("cursor", "is not a cursor this server issued")));
    }
  }

  /**
   * One page of rows fetched with {@code limit + 1} in (created_at, id) order: the first {@code limit} as
   * items, and a cursor after the last of them when the extra row shows there is more.
   */
  public static JsonObject page(RowSet<Row> rows, int limit, Function<Row, JsonObject> toJson) {
    JsonArray items = new JsonArray();
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(toJson.apply(row));
      last = row;
    }
    String next = rows.size() > limit && last != null ? encode(last.getOffsetDateTime("created_at"), last.getUUID("id")) : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  /** Parses ?limit= (1–100, default 25). */
  public static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the 400
    }
    throw ServiceException.validation(List.of(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
  }
}
