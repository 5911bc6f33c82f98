package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditLog;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Subscriptions and their deliveries log. Each write and its success audit event commit together (the event
 * last in the transaction, see {@link AuditLog}); the secret is generated here so it travels only in the reply.
 */
final class WebhooksServiceImpl implements WebhooksService {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such webhook subscription.");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private final Pool pool;
  private final WebhooksRepository repo = new WebhooksRepository();

  WebhooksServiceImpl(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Created> create(NewSubscription in) {
    String secret = in.secret() == null ? newSecret() : in.secret();
    return pool.withTransaction(sql -> repo.insert(sql, in.url(), in.events(), secret, in.callerId())
        .compose(s -> append(sql, in.audit(), s.id()).map(new Created(s, secret))));
  }

  @Override
  public Future<Subscription> get(UUID id) {
    return repo.get(pool, id).compose(s -> s == null ? Future.failedFuture(NOT_FOUND) : Future.succeededFuture(s));
  }

  @Override
  public Future<Page> list(Query q) {
    Cursor after = q.after();
    return repo.list(pool, after == null ? null : after.atUtc(), after == null ? null : after.id(), q.limit() + 1)
        .map(rows -> Paging.slice(rows, q.limit(), WebhooksRepository::subscription))
        .map(page -> new Page(page.items(), page.nextCursor()));
  }

  @Override
  public Future<Void> deactivate(Deactivation in) {
    return pool.withTransaction(sql -> repo.deactivate(sql, in.id()).compose(changed -> changed
        ? repo.failQueued(sql, in.id()).compose(v -> append(sql, in.audit(), in.id()))
        // Already inactive is a repeated DELETE: nothing changes and nothing is recorded.
        : get(in.id()).mapEmpty()));
  }

  @Override
  public Future<DeliveryPage> deliveries(DeliveryQuery q) {
    Cursor after = q.after();
    return get(q.subscriptionId())
        .compose(s -> repo.deliveries(pool, q.subscriptionId(), q.status(), after == null ? null : after.atUtc(),
            after == null ? null : after.id(), q.limit() + 1))
        .map(rows -> Paging.slice(rows, q.limit(), WebhooksRepository::delivery))
        .map(page -> new DeliveryPage(page.items(), page.nextCursor()));
  }

  @Override
  public Future<DeliveryView> redeliver(Redelivery in) {
    return pool.withTransaction(sql -> repo.redeliver(sql, in.subscriptionId(), in.deliveryId())
        .compose(queued -> queued ? append(sql, in.audit(), in.deliveryId()) : refusal(sql, in))
        .compose(v -> repo.delivery(sql, in.subscriptionId(), in.deliveryId())));
  }

  /** Why nothing was queued: no such subscription or delivery (404), or an inactive subscription (409). */
  private Future<Void> refusal(SqlConnection sql, Redelivery in) {
    return repo.get(sql, in.subscriptionId()).compose(s -> {
      if (s == null) {
        return Future.failedFuture(NOT_FOUND);
      }
      if (!s.active()) {
        return Future.failedFuture(new ServiceException(ErrorCode.INVALID_STATE, "The subscription is deleted: nothing is sent to it."));
      }
      return Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such delivery."));
    });
  }

  private static Future<Void> append(SqlConnection sql, AuditEvent audit, UUID resourceId) {
    return audit == null ? Future.succeededFuture()
        : AuditLog.appendInTransaction(sql, audit.withResource(resourceId.toString(), null)).mapEmpty();
  }

  /** 256 random bits, printable: "whsec_" and base64url. */
  private static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
