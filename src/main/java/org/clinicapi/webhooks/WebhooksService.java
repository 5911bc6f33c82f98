package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;
import org.clinicapi.common.Cursor;

import java.util.List;
import java.util.UUID;

/**
 * The bus contract of {@code webhooks.service}, used only by this feature's routes: subscriptions (created,
 * read, deactivated) and their deliveries log. Writes append their success audit event in their own
 * transaction. Events are not sent through here: database triggers record them (see V14).
 */
interface WebhooksService {
  /** The event types a subscription may ask for (payment events come with payments). */
  List<String> EVENT_TYPES = List.of("appointment.created", "appointment.rescheduled", "appointment.cancelled",
      "appointment.status_changed", "consultation.completed", "payment.held", "payment.released", "payment.refunded");

  Future<Created> create(NewSubscription in);

  /** 404 for an unknown id. */
  Future<Subscription> get(UUID id);

  /** Newest first. */
  Future<Page> list(Query query);

  /** Soft delete; queued deliveries fail with {@code subscription_deleted}. Deleting twice is not an error; 404 for an unknown id. */
  Future<Void> deactivate(Deactivation in);

  /** Newest first; 404 for an unknown subscription. */
  Future<DeliveryPage> deliveries(DeliveryQuery query);

  /** Queues the delivery again now, with the same event id; 404 unknown, 409 INVALID_STATE for an inactive subscription. */
  Future<DeliveryView> redeliver(Redelivery in);

  Operation<WebhooksService, NewSubscription, Created> CREATE = op("create", WebhooksService::create);
  Operation<WebhooksService, UUID, Subscription> GET = op("get", WebhooksService::get);
  Operation<WebhooksService, Query, Page> LIST = op("list", WebhooksService::list);
  Operation<WebhooksService, Deactivation, Void> DEACTIVATE = op("deactivate", WebhooksService::deactivate);
  Operation<WebhooksService, DeliveryQuery, DeliveryPage> DELIVERIES = op("deliveries", WebhooksService::deliveries);
  Operation<WebhooksService, Redelivery, DeliveryView> REDELIVER = op("redeliver", WebhooksService::redeliver);

  List<Operation<WebhooksService, ?, ?>> OPERATIONS = List.of(CREATE, GET, LIST, DEACTIVATE, DELIVERIES, REDELIVER);

  private static <I, O> Operation<WebhooksService, I, O> op(String name, Operation.Invoker<WebhooksService, I, O> invoker) {
    return Operation.of(Addresses.WEBHOOKS_SERVICE, name, invoker);
  }

  /** {@code secret} null: the service generates one. {@code audit}: the success event, completed with the new id. */
  record NewSubscription(String url, List<String> events, String secret, UUID callerId, AuditEvent audit) {
    @Override
    public String toString() {
      return "NewSubscription[url=" + url + ", events=" + events + ", secret=(hidden)]";
    }
  }

  /** The one answer that carries the secret: the 201 of the creation. */
  record Created(Subscription subscription, String secret) {
    JsonObject toJson() {
      return subscription.toJson().put("secret", secret);
    }

    @Override
    public String toString() {
      return "Created[" + subscription + "]";
    }
  }

  record Query(Cursor after, int limit) {
  }

  record Page(List<Subscription> items, String nextCursor) {
    JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(s -> json.add(s.toJson()));
      return json;
    }
  }

  record Deactivation(UUID id, AuditEvent audit) {
  }

  /** {@code status} null for any. */
  record DeliveryQuery(UUID subscriptionId, String status, Cursor after, int limit) {
  }

  record DeliveryPage(List<DeliveryView> items, String nextCursor) {
    JsonArray itemsJson() {
      JsonArray json = new JsonArray();
      items.forEach(d -> json.add(d.toJson()));
      return json;
    }
  }

  record Redelivery(UUID subscriptionId, UUID deliveryId, AuditEvent audit) {
  }
}
