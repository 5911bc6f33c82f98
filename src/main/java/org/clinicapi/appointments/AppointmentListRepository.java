package org.clinicapi.appointments;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.clinicapi.common.db.Like;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of appointment lists. Statements are assembled from constant fragments only (values travel as
 * $n), one shape per combination of filters: a catch-all {@code ($1 IS NULL OR ...)} statement would get a
 * generic plan that cannot pick the partial indexes, and the prepared-statement cache keeps each shape.
 * Every statement repeats {@code status <> 'held'} literally, so the planner can use the partial indexes
 * (patient / location / provider + starts_at, id; created_at, id) that exclude holds.
 */
final class AppointmentListRepository {
  private static final String USERS_JOIN = " JOIN users p ON p.id = a.patient_id";

  /** Who the caller may see: one patient, some locations, or everything (superadmin). */
  record Scope(UUID patientId, List<UUID> locationIds) {
    static Scope patient(UUID id) {
      return new Scope(id, null);
    }

    static Scope locations(List<UUID> ids) {
      return new Scope(null, ids);
    }

    static Scope all() {
      return new Scope(null, null);
    }
  }

  /** Up to {@code fetch} rows in the query's order, after its cursor or at its page's offset. */
  Future<RowSet<Row>> page(SqlClient sql, Scope scope, AppointmentListQuery query, int fetch) {
    List<Object> params = new ArrayList<>();
    List<String> where = filters(scope, query, params);
    if (query.cursor() != null) {
      params.add(utc(query.cursor().at()));
      params.add(query.cursor().id());
      String keyset = query.descending() ? "(a.%s, a.id) < ($%d, $%d)" : "(a.%s, a.id) > ($%d, $%d)";
      where.add(keyset.formatted(query.sortColumn(), params.size() - 1, params.size()));
    }
    String direction = query.descending() ? " DESC" : "";
    StringBuilder text = new StringBuilder(AppointmentViews.SELECT)
        .append(query.search() == null ? "" : USERS_JOIN).append(" WHERE ").append(String.join(" AND ", where))
        .append(" ORDER BY a.").append(query.sortColumn()).append(direction).append(", a.id").append(direction);
    params.add(fetch);
    text.append(" LIMIT $").append(params.size());
    if (query.page() != null) {
      params.add((query.page() - 1) * query.limit());
      text.append(" OFFSET $").append(params.size());
    }
    return sql.preparedQuery(text.toString()).execute(Tuple.from(params));
  }

  /** How many rows match the scope and filters (for ?page=). */
  Future<Long> count(SqlClient sql, Scope scope, AppointmentListQuery query) {
    List<Object> params = new ArrayList<>();
    List<String> where = filters(scope, query, params);
    String text = "SELECT count(*) FROM appointments a" + (query.search() == null ? "" : USERS_JOIN)
        + " WHERE " + String.join(" AND ", where);
    return sql.preparedQuery(text).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static List<String> filters(Scope scope, AppointmentListQuery query, List<Object> params) {
    List<String> where = new ArrayList<>();
    where.add("a.status <> 'held'");
    condition(where, params, "a.patient_id = $%d", scope.patientId());
    UUID location = query.locationId();
    if (scope.locationIds() != null && location == null && scope.locationIds().size() == 1) {
      // Equality rather than = ANY of one: the (location_id, starts_at, id) index then yields rows already in order.
      location = scope.locationIds().get(0);
    } else if (scope.locationIds() != null && location == null) {
      condition(where, params, "a.location_id = ANY($%d)", scope.locationIds().toArray(UUID[]::new));
    }
    condition(where, params, "a.location_id = $%d", location);
    if (query.patientId() != null && !query.patientId().equals(scope.patientId())) {
      condition(where, params, "a.patient_id = $%d", query.patientId());
    }
    condition(where, params, "a.provider_id = $%d", query.providerId());
    condition(where, params, "a.status = ANY($%d)", query.statuses().isEmpty() ? null : query.statuses().toArray(String[]::new));
    condition(where, params, "a.starts_at >= $%d", utc(query.from()));
    condition(where, params, "a.starts_at < $%d", utc(query.to()));
    if (query.search() != null) {
      params.add(Like.escape(query.search()));
      where.add("(a.reason ILIKE '%%' || $%1$d || '%%' OR p.name ILIKE '%%' || $%1$d || '%%')".formatted(params.size()));
    }
    return where;
  }

  private static void condition(List<String> where, List<Object> params, String fragment, Object value) {
    if (value != null) {
      params.add(value);
      where.add(fragment.formatted(params.size()));
    }
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
