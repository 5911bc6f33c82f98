package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.communications.NotificationsRepository.Scope;

import java.util.UUID;

/**
 * The notifications service over the shared pool. Every write that changes what a person receives (a
 * requeue, an SMS opt-out, an unsubscribe) appends its audit event in its own transaction, so the change
 * and its record commit together or not at all.
 */
final class NotificationsServiceImpl implements NotificationsService {
  private final Vertx vertx;
  private final Pool pool;
  private final NotificationsRepository repo = new NotificationsRepository();

  NotificationsServiceImpl(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public Future<Page> list(Query q) {
    Scope scope = Scope.of(q.caller());
    int fetch = q.limit() + 1;
    Future<RowSet<Row>> rows;
    if (q.subject() == null) {
      rows = repo.deadLetters(pool, scope, q.status(), q.after(), fetch);
    } else if (q.subject().equals(q.caller().id())) {
      rows = repo.ofUser(pool, q.subject(), q.status(), q.after(), fetch);
    } else {
      rows = repo.patientVisible(pool, scope, q.subject()).compose(visible -> visible
          ? repo.ofUser(pool, q.subject(), q.status(), q.after(), fetch)
          : Future.failedFuture(ServiceException.notFound()));
    }
    return rows.map(r -> Paging.slice(r, q.limit(), Notification::of)).map(page -> new Page(page.items(), page.nextCursor()));
  }

  @Override
  public Future<Notification> retry(Retry r) {
    return pool.withTransaction(sql -> repo.lock(sql, Scope.of(r.caller()), r.id()).compose(status -> {
      if (status == null) {
        return Future.failedFuture(ServiceException.notFound());
      }
      if (!status.equals("dead") && !status.equals("failed")) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE,
            "Only a dead or failed notification can be queued again; this one is " + status + "."));
      }
      return repo.requeue(sql, r.id()).compose(n -> append(sql, r.audit().withResource(n.id().toString(), n.patientId())).map(n));
    })).onSuccess(n -> wakeDispatchers(n.id()));
  }

  /** After the commit, so the dispatchers of every node find the row due now rather than at their next poll. */
  private void wakeDispatchers(UUID id) {
    vertx.eventBus().publish(Addresses.COMMUNICATIONS_WAKE, new JsonObject().put("id", id.toString()));
  }

  @Override
  public Future<Boolean> delivery(DeliveryReport report) {
    return repo.delivery(pool, report.providerMessageId(), report.status(), report.errorCode());
  }

  @Override
  public Future<Boolean> smsOptOut(SmsOptOut change) {
    return pool.withTransaction(sql -> repo.smsOptOut(sql, change.phone(), change.optedOut()).compose(row -> {
      if (!row.getBoolean("changed")) {
        return Future.succeededFuture(false);
      }
      return append(sql, change.audit().withResource(null, row.getUUID("patient_id"))).map(true);
    }));
  }

  @Override
  public Future<Boolean> unsubscribe(Unsubscribe request) {
    UUID user = request.userId();
    return pool.withTransaction(sql -> repo.emailOff(sql, user).compose(role -> role == null
        ? Future.succeededFuture(false)
        : append(sql, request.audit().byActor(user, role).withResource(user.toString(), role.equals("patient") ? user : null)).map(true)));
  }

  private static Future<Void> append(SqlConnection sql, AuditEvent event) {
    return AuditLog.appendInTransaction(sql, event).mapEmpty();
  }
}
