package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.clinicapi.bus.Addresses;

import java.time.Duration;
import java.time.Instant;

/**
 * Domain events, published after the commit (never for a change that rolled back). Bodies are the
 * appointment as the API shows it plus the extras documented in {@link Addresses}. Delivery that must not
 * be lost goes through the outbox rows written in the same transaction; these events are for listeners
 * that can miss one (caches, live views).
 */
final class AppointmentEvents {
  private final Vertx vertx;

  AppointmentEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  void booked(JsonObject view) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_BOOKED, view.copy());
  }

  void rescheduled(JsonObject view, String previousStartsAt, String previousEndsAt) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_RESCHEDULED, view.copy().put("previousStartsAt", previousStartsAt)
        .put("previousEndsAt", previousEndsAt));
  }

  void cancelled(JsonObject view) {
    JsonObject cancellation = view.getJsonObject("cancellation");
    long hours = Duration.between(Instant.parse(cancellation.getString("at")), Instant.parse(view.getString("startsAt"))).toHours();
    vertx.eventBus().publish(Addresses.APPOINTMENTS_CANCELLED, view.copy().put("cancelledBy", cancellation.getString("by"))
        .put("cancelReason", cancellation.getString("reason")).put("hoursBeforeStart", hours));
  }

  void statusChanged(JsonObject view, String previousStatus) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_STATUS_CHANGED, view.copy().put("previousStatus", previousStatus));
  }
}
