package org.clinicapi.bus;

/** Every event-bus address of the application, and nowhere else. Lowercase, area first. */
public final class Addresses {
  /** Database reachability and schema version (request/reply). */
  public static final String DATABASE_STATUS = "database.status";
  /** Answered by every back-end verticle; proves the event bus delivers (request/reply). */
  public static final String HEALTH_PING = "health.ping";
  /** The audit log: append (group-committed), list, verify, and export pages (request/reply). */
  public static final String AUDIT_SERVICE = "audit.service";
  /** Local to each node: tells its HTTP verticles to fail readiness before shutdown (publish). */
  public static final String HTTP_DRAIN = "http.cmd.drain";
  /** Identity: registration, login, sessions, one-time tokens (request/reply). */
  public static final String AUTH_SERVICE = "auth.service";
  /** Broadcast to every node: these sessions are revoked (publish). */
  public static final String AUTH_SESSIONS_REVOKED = "auth.event.sessions-revoked";
  /** Users and their roles and locations (request/reply). */
  public static final String USERS_SERVICE = "users.service";
  /** Clinic locations (request/reply). */
  public static final String LOCATIONS_SERVICE = "locations.service";
  /** Provider profiles, weekly hours, time off and free slots (request/reply). */
  public static final String PROVIDERS_SERVICE = "providers.service";

  private Addresses() {
  }
}
