package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;
import org.clinicapi.common.Cursor;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code notifications.service}, used only by this feature's routes: the outbox as
 * the API shows it, a manager's requeue of a dead or failed row, and what arrives from outside (Twilio's
 * delivery reports and STOP/START texts, one-click unsubscribes). The routes decide who may ask; every
 * statement here also applies the caller's reach, so a row out of reach behaves as one that does not exist.
 */
interface NotificationsService {

  /** Newest first; 404 when {@code subject} is another user the caller may not see. */
  Future<Page> list(Query query);

  /** A dead or failed row back to queued, with its success event in the same transaction; 404 out of reach, 409 otherwise. */
  Future<Notification> retry(Retry retry);

  /** Moves the row with this provider message id forward only; false when nothing changed (unknown id, late report). */
  Future<Boolean> delivery(DeliveryReport report);

  /** Records or lifts an SMS opt-out of a number, audited when it changed anything; true when it did. */
  Future<Boolean> smsOptOut(SmsOptOut change);

  /** Turns the user's e-mail notifications off, audited when they were on; true when they were. */
  Future<Boolean> unsubscribe(Unsubscribe request);

  Operation<NotificationsService, Query, Page> LIST = op("list", NotificationsService::list);
  Operation<NotificationsService, Retry, Notification> RETRY = op("retry", NotificationsService::retry);
  Operation<NotificationsService, DeliveryReport, Boolean> DELIVERY = op("delivery", NotificationsService::delivery);
  Operation<NotificationsService, SmsOptOut, Boolean> SMS_OPT_OUT = op("smsOptOut", NotificationsService::smsOptOut);
  Operation<NotificationsService, Unsubscribe, Boolean> UNSUBSCRIBE = op("unsubscribe", NotificationsService::unsubscribe);

  List<Operation<NotificationsService, ?, ?>> OPERATIONS = List.of(LIST, RETRY, DELIVERY, SMS_OPT_OUT, UNSUBSCRIBE);

  private static <I, O> Operation<NotificationsService, I, O> op(String name, Operation.Invoker<NotificationsService, I, O> invoker) {
    return Operation.of(Addresses.NOTIFICATIONS_SERVICE, name, invoker);
  }

  /**
   * {@code subject}: whose notifications (the caller's own, or a patient in the caller's reach); null for the
   * dead letters of everyone in reach, which needs a {@code status} (the routes allow it to managers only).
   * {@code status} null for every status; {@code after} null for the first page.
   */
  record Query(CurrentUser caller, UUID subject, String status, Cursor after, int limit) {
  }

  record Page(List<Notification> items, String nextCursor) {

    JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(n -> json.add(n.toJson()));
      return json;
    }
  }

  /** {@code audit}: the success event; the service fills in the patient. */
  record Retry(CurrentUser caller, UUID id, AuditEvent audit) {
  }

  /** {@code status}: ours (sent, delivered or failed); {@code errorCode} recorded with failed only. */
  record DeliveryReport(String providerMessageId, String status, String errorCode) {
  }

  /** {@code phone} E.164; {@code audit}: recorded with the patient whose number it is, when one is. */
  record SmsOptOut(String phone, boolean optedOut, AuditEvent audit) {
  }

  /** {@code userId} from a verified unsubscribe token; {@code audit} recorded as done by that user. */
  record Unsubscribe(UUID userId, AuditEvent audit) {
  }
}
