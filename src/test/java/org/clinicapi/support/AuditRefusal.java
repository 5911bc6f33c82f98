package org.clinicapi.support;

/**
 * A real fault for "a write and its audit event commit together": a trigger makes PostgreSQL refuse the
 * audit rows of one patient, one actor or one client, as a failing audit insert would. {@link #lift()} removes it.
 */
public final class AuditRefusal {
  private static final String TRIGGER = "refuse_audit_for_test";

  private AuditRefusal() {
  }

  /** Refuses every audit row naming this patient. */
  public static void patient(Object patientId) {
    refuse("patient_id", patientId);
  }

  /** Refuses every audit row whose actor is this user. */
  public static void actor(Object actorId) {
    refuse("actor_id", actorId);
  }

  /**
   * Refuses every audit row of requests sent with this {@code User-Agent}: for writes whose actor or patient
   * exists only once the write has run (registration, a new account).
   */
  public static void userAgent(String agent) {
    refuse("user_agent", agent);
  }

  public static void lift() {
    Accounts.update("DROP TRIGGER IF EXISTS " + TRIGGER + " ON audit_events");
    Accounts.update("DROP FUNCTION IF EXISTS " + TRIGGER + "()");
  }

  /** The column is one of the constants above; the value is a UUID or a plain token from the test. */
  private static void refuse(String column, Object id) {
    Accounts.update("""
        CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.%s = '%s' THEN RAISE EXCEPTION 'audit refused by the test'; END IF;
          RETURN NEW;
        END $$""".formatted(TRIGGER, column, id));
    Accounts.update("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION " + TRIGGER + "()");
  }
}
