package org.clinicapi.bus;

/** Every event-bus address of the application, and nowhere else. Lowercase, area first. */
public final class Addresses {
  /** Database reachability and schema version (request/reply), from any database node of the cluster. */
  public static final String DATABASE_STATUS = "database.status";
  /** The same, local to a node with the database role: its own pool, for its own readiness (request/reply). */
  public static final String DATABASE_STATUS_LOCAL = "database.status.local";
  /** Answered by every back-end verticle; proves the event bus delivers (request/reply). */
  public static final String HEALTH_PING = "health.ping";
  /** Local to each node: take a fresh round of health checks now; answered once it is recorded (request/reply). */
  public static final String HEALTH_REFRESH = "health.cmd.refresh";
  /** The audit log: append (group-committed), list, verify, and export pages (request/reply). */
  public static final String AUDIT_SERVICE = "audit.service";
  /** Local to each node: readiness fails from now on, before shutdown (publish). */
  public static final String HTTP_DRAIN = "http.cmd.drain";
  /** Identity: registration, login, sessions, one-time tokens (request/reply). */
  public static final String AUTH_SERVICE = "auth.service";
  /** Broadcast to every node: these sessions are revoked (publish). */
  public static final String AUTH_SESSIONS_REVOKED = "auth.event.sessions-revoked";
  /** Published by each auth service when it is bound: HTTP verticles reload revoked sessions from PostgreSQL. */
  public static final String AUTH_SERVICE_STARTED = "auth.event.service-started";
  /** Users and their roles and locations (request/reply). */
  public static final String USERS_SERVICE = "users.service";
  /** Clinic locations (request/reply). */
  public static final String LOCATIONS_SERVICE = "locations.service";
  /** Provider profiles, weekly hours, time off and free slots (request/reply). */
  public static final String PROVIDERS_SERVICE = "providers.service";

  /** Appointments and holds: book, read, list, reschedule, status changes (request/reply). */
  public static final String APPOINTMENTS_SERVICE = "appointments.service";
  /** Published after commit when an appointment is booked; body: the appointment as the API shows it. */
  public static final String APPOINTMENTS_BOOKED = "appointments.event.booked";
  /** Published after commit when an appointment moves to another time; body adds previousStartsAt/previousEndsAt. */
  public static final String APPOINTMENTS_RESCHEDULED = "appointments.event.rescheduled";
  /** Published after commit on cancellation; body adds cancelledBy, cancelReason, hoursBeforeStart. */
  public static final String APPOINTMENTS_CANCELLED = "appointments.event.cancelled";
  /** Published after commit on confirm, check-in, completion and no-show; body adds previousStatus. */
  public static final String APPOINTMENTS_STATUS_CHANGED = "appointments.event.status-changed";
  /** Consultations of appointments (request/reply). */
  public static final String CONSULTATIONS_SERVICE = "consultations.service";
  /** Published after commit when a consultation completes (its appointment completed in the same transaction). */
  public static final String CONSULTATIONS_COMPLETED = "consultations.event.completed";
  /** Reviews of completed appointments and the provider rating roll-up (request/reply). */
  public static final String REVIEWS_SERVICE = "reviews.service";
  /** Patient profiles: demographics, insurance and medical history, encrypted at rest (request/reply). */
  public static final String PROFILES_SERVICE = "profiles.service";
  /** Metadata of uploaded medical records and files (request/reply). */
  public static final String RECORDS_SERVICE = "records.service";
  /** Appointment lists, read-only: filters, sort, keyset or page (request/reply). */
  public static final String APPOINTMENTS_QUERIES = "appointments.queries";
  /** Outbound webhook subscriptions and their deliveries log (request/reply). */
  public static final String WEBHOOKS_SERVICE = "webhooks.service";
  /** Practice reports: the summary of a period, read-only aggregates (request/reply). */
  public static final String REPORTS_SERVICE = "reports.service";

  /** Wakes the outbox dispatcher of every node early after a commit that queued messages (publish). */
  public static final String COMMUNICATIONS_WAKE = "communications.cmd.wake";
  /** Notifications as the API shows them, their requeueing, Twilio delivery reports and opt-outs (request/reply). */
  public static final String NOTIFICATIONS_SERVICE = "notifications.service";
  /** Local to each node: its transports' modes and circuit breaker states, for /health (request/reply). */
  public static final String COMMUNICATIONS_STATUS = "communications.status";

  /** Local to each node: how many webhook receivers' breakers are open, for /health (request/reply). */
  public static final String WEBHOOKS_STATUS = "webhooks.status";

  /** Payments: intents, reads, refunds, the ledger, payout accounts and Stripe's verified events (request/reply). */
  public static final String PAYMENTS_SERVICE = "payments.service";
  /** Published after commit when a payment's state changes; body {@code {paymentId, status}} (wakes the jobs of every node). */
  public static final String PAYMENTS_CHANGED = "payments.event.changed";
  /** Local to each node: Stripe mode and breaker state, for /health (request/reply). */
  public static final String PAYMENTS_STATUS = "payments.status";

  private Addresses() {
  }
}
