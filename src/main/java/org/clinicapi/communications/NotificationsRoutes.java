package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.communications.NotificationsService.Page;
import org.clinicapi.communications.NotificationsService.Query;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code GET /notifications}: anyone's own; staff with appointments:read also a patient's of their locations
 * ({@code ?patientId=}); holders of notifications:manage also the dead letters of everyone in reach
 * ({@code ?status=dead} or {@code failed} without a patient). Reading someone else's is a read of their data:
 * one audit event per answered page, and a refusal is a 404 audited as denied, naming the patient asked about.
 * {@code POST /notifications/{id}/retry} (notifications:manage) queues a dead or failed one again.
 */
final class NotificationsRoutes {
  static final String LIST_ACTION = "notification.list";
  static final String RETRY_ACTION = "notification.retry";
  private static final String LIST_RESOURCE = "notification_list";
  private static final Set<String> STATUSES = Set.of("queued", "sent", "delivered", "failed", "dead");
  private static final Set<String> DEAD_LETTERS = Set.of("failed", "dead");
  private final FeatureContext f;

  private NotificationsRoutes(FeatureContext f) {
    this.f = f;
  }

  static Router create(FeatureContext f) {
    NotificationsRoutes routes = new NotificationsRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/notifications").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::list);
    router.post("/notifications/:id/retry").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.NOTIFICATIONS_MANAGE)).handler(routes::retry);
    return router;
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    Filters filters = Filters.parse(ctx.queryParams().get("status"), ctx.queryParams().get("patientId"));
    UUID patient = filters.patientId();
    if (patient != null && !patient.equals(me.id()) && !(me.role().staff() && me.can(Permission.APPOINTMENTS_READ))) {
      denied(ctx, patient);
      return;
    }
    UUID subject = subject(me, filters);
    f.bus().request(NotificationsService.LIST, new Query(me, subject, filters.status(), after, limit))
        .compose(page -> me.id().equals(subject) ? Future.succeededFuture(page) : audited(ctx, subject, page))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(e -> {
          if (e instanceof ServiceException se && se.code().status() == 404) {
            denied(ctx, patient);
          } else {
            ctx.fail(e);
          }
        });
  }

  /** Whose list: the patient asked for, else the caller's own, except a manager's dead letters (null: all in reach). */
  private static UUID subject(CurrentUser me, Filters filters) {
    if (filters.patientId() != null) {
      return filters.patientId();
    }
    boolean deadLetters = filters.status() != null && DEAD_LETTERS.contains(filters.status())
        && me.can(Permission.NOTIFICATIONS_MANAGE);
    return deadLetters ? null : me.id();
  }

  private void retry(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    AuditEvent success = Audits.of(ctx, RETRY_ACTION, "notification", id.toString(), null, AuditEvent.SUCCESS);
    // The success event is appended in the requeue's transaction, with the notification's patient.
    f.bus().request(NotificationsService.RETRY, new NotificationsService.Retry(CurrentUser.of(ctx), id, success))
        .compose(n -> Responses.ok(ctx, n.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, RETRY_ACTION, "notification", id.toString(), e));
  }

  /**
   * One event for a page of someone else's notifications: it names the patient asked about, or (dead letters)
   * the one patient of the page when there is one; {@code resourceId} lists the recipients the page returned.
   */
  private Future<Page> audited(RoutingContext ctx, UUID subject, Page page) {
    Set<UUID> recipients = new LinkedHashSet<>();
    Set<UUID> patients = new LinkedHashSet<>();
    page.items().forEach(n -> {
      recipients.add(n.userId());
      if (n.patient()) {
        patients.add(n.userId());
      }
    });
    UUID patient = subject != null ? subject : patients.size() == 1 && recipients.size() == 1 ? patients.iterator().next() : null;
    String resourceId = recipients.isEmpty() ? null : recipients.stream().map(UUID::toString).collect(Collectors.joining(","));
    return f.audit().record(Audits.of(ctx, LIST_ACTION, LIST_RESOURCE, resourceId, patient, AuditEvent.SUCCESS)).map(page);
  }

  /** A 404 recorded as denied, naming the patient asked about so it shows in that patient's access log. */
  private void denied(RoutingContext ctx, UUID patient) {
    f.audit().record(Audits.of(ctx, LIST_ACTION, LIST_RESOURCE, null, patient, AuditEvent.DENIED))
        .onComplete(ar -> ctx.fail(ar.failed() ? ServiceException.auditDown() : ServiceException.notFound()));
  }

  /** The list's filters, every bad one named at once. */
  private record Filters(String status, UUID patientId) {
    static Filters parse(String status, String patientId) {
      List<FieldError> errors = new ArrayList<>();
      boolean hasStatus = status != null && !status.isEmpty();
      if (hasStatus && !STATUSES.contains(status)) {
        errors.add(new FieldError("status", "must be one of queued, sent, delivered, failed, dead"));
      }
      boolean hasPatient = patientId != null && !patientId.isEmpty();
      UUID patient = hasPatient ? Validator.parseUuid(patientId) : null;
      if (hasPatient && patient == null) {
        errors.add(new FieldError("patientId", "must be a UUID"));
      }
      if (!errors.isEmpty()) {
        throw ServiceException.validation(errors);
      }
      return new Filters(hasStatus ? status : null, patient);
    }
  }
}
