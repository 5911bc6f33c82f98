package org.clinicapi.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lists in (created_at, id) order: the limit parameter, and one page built from {@code limit + 1} rows
 * with a {@link Cursor} after its last row.
 */
public final class Paging {
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;

  /** The {@link Cursor#order()} of lists in (created_at, id) order. */
  public static final String CREATED = "created";

  private Paging() {
  }

  public static String encode(OffsetDateTime at, UUID id) {
    return new Cursor(CREATED, at.toInstant(), id).encode();
  }

  /** Null for no cursor; a 400 naming {@code cursor} for one this server did not issue for such a list. */
  public static Cursor decode(String cursor) {
    return Cursor.decode(cursor, CREATED);
  }

  /** The items of one page and the cursor after the last of them, or null when there is no more. */
  public record Slice<T>(List<T> items, String nextCursor) {
  }

  /**
   * One page of rows fetched with {@code limit + 1} in (created_at, id) order: the first {@code limit} as
   * items, and a cursor after the last of them when the extra row shows there is more.
   */
  public static <T> Slice<T> slice(RowSet<Row> rows, int limit, Function<Row, T> item) {
    List<T> items = new ArrayList<>(Math.min(rows.size(), limit));
    Row last = null;
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(item.apply(row));
      last = row;
    }
    String next = rows.size() > limit && last != null ? encode(last.getOffsetDateTime("created_at"), last.getUUID("id")) : null;
    return new Slice<>(List.copyOf(items), next);
  }

  /** {@link #slice} as the JSON {@code {items, nextCursor}} of the services not yet typed. */
  public static JsonObject page(RowSet<Row> rows, int limit, Function<Row, JsonObject> toJson) {
    Slice<JsonObject> page = slice(rows, limit, toJson);
    return new JsonObject().put("items", new JsonArray(new ArrayList<>(page.items()))).put("nextCursor", page.nextCursor());
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
