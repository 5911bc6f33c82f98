package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.ServiceBinder;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.db.SqlErrors;
import org.clinicapi.config.AppConfig;
import org.clinicapi.web.ServiceContext;

import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The audit log on the event bus ({@link Addresses#AUDIT_SERVICE}). Actions: {@code append} (an
 * {@link AuditEvent} as JSON → {@code {id, chain, seq}} once durable), {@code list} (an {@link AuditQuery}
 * → {@code {items, limit, nextCursor}}, newest first), {@code page} (the same filters → up to
 * {@link #EXPORT_PAGE} rows oldest first with their chain links, for export) and {@code verify}.
 */
public final class AuditDataService {
  public static final int EXPORT_PAGE = 500;
  private static final Set<String> OUTCOMES = Set.of(AuditEvent.SUCCESS, AuditEvent.DENIED, AuditEvent.FAILURE);

  public Future<Void> bind(ServiceContext s) {
    Vertx vertx = s.vertx();
    Pool pool = s.pool();
    AppConfig config = s.config();
    AuditRepository repository = new AuditRepository(pool);
    AuditWriter writer = new AuditWriter(vertx, repository);
    AuditVerifier verifier = new AuditVerifier(repository);
    return ServiceBinder.json(Addresses.AUDIT_SERVICE)
        .on("append", body -> writer.append(event(body)))
        .on("list", body -> read(repository, AuditQuery.fromJson(body), true, ChainedEvent::toJson))
        .on("page", body -> read(repository, AuditQuery.fromJson(body).withLimit(EXPORT_PAGE), false,
            ChainedEvent::toExportJson))
        .on("verify", body -> verifier.verify())
        .translating(SqlErrors::translate)
        .bind(vertx).completion();
  }

  /**
   * Validated before it joins a batch: one bad event must not fail the whole group's transaction. The time
   * is truncated to what PostgreSQL stores, so the hash computed now matches the row read back.
   */
  static AuditEvent event(JsonObject body) {
    AuditEvent e;
    try {
      e = AuditEvent.fromJson(body);
    } catch (IllegalArgumentException | NullPointerException | ClassCastException | DateTimeParseException ex) {
      throw ServiceException.validation(List.of(new FieldError("event", "is not a well-formed audit event")));
    }
    if (e.action() == null || e.action().isBlank() || e.action().length() > 100 || !OUTCOMES.contains(e.outcome())) {
      throw ServiceException.validation(List.of(new FieldError("event", "needs an action and a known outcome")));
    }
    return new AuditEvent(AuditHash.toStoredPrecision(e.at()), e.actorId(), e.actorRole(), e.action(), e.resourceType(),
        e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId());
  }

  /** Fetches one row more than asked, to know whether a next page exists without counting. */
  private static Future<JsonObject> read(AuditRepository repository, AuditQuery query, boolean newestFirst,
      Function<ChainedEvent, JsonObject> view) {
    return repository.find(query.withLimit(query.limit() + 1), newestFirst).map(rows -> {
      List<ChainedEvent> page = rows.size() > query.limit() ? rows.subList(0, query.limit()) : rows;
      JsonArray items = new JsonArray();
      page.forEach(row -> items.add(view.apply(row)));
      String next = rows.size() > query.limit() ? AuditCursor.after(page.get(page.size() - 1)).encode() : null;
      return new JsonObject().put("items", items).put("limit", query.limit()).put("nextCursor", next);
    });
  }
}
