package org.clinicapi.appointments;

import io.vertx.core.Vertx;
import org.clinicapi.appointments.api.AppointmentStatus;
import org.clinicapi.appointments.api.AppointmentView;
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

  void booked(AppointmentView view) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_BOOKED, view.toJson());
  }

  void rescheduled(AppointmentView view, Instant previousStartsAt, Instant previousEndsAt) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_RESCHEDULED, view.toJson().put("previousStartsAt", previousStartsAt.toString())
        .put("previousEndsAt", previousEndsAt.toString()));
  }

  void cancelled(AppointmentView view) {
    AppointmentView.Cancellation cancellation = view.cancellation();
    long hours = Duration.between(cancellation.at(), view.startsAt()).toHours();
    vertx.eventBus().publish(Addresses.APPOINTMENTS_CANCELLED, view.toJson().put("cancelledBy", cancellation.by() == null ? null : cancellation.by().toString())
        .put("cancelReason", cancellation.reason()).put("hoursBeforeStart", hours));
  }

  void statusChanged(AppointmentView view, AppointmentStatus previousStatus) {
    vertx.eventBus().publish(Addresses.APPOINTMENTS_STATUS_CHANGED, view.toJson().put("previousStatus", previousStatus.wire()));
  }
}
