package org.clinicapi.audit;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.ChainVerdict;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** What the audit tests share: an event about a patient, a small pool on a database, a verification on it. */
final class AuditFixtures {
  private AuditFixtures() {
  }

  static AuditEvent event(String action, UUID patient) {
    return event(Instant.now(), UUID.randomUUID(), action, patient);
  }

  static AuditEvent event(Instant at, UUID actor, String action, UUID patient) {
    return new AuditEvent(at, actor, "provider", action, "appointment", "a-1", patient, AuditEvent.SUCCESS,
        "127.0.0.1", "test-agent", "req-1");
  }

  static Pool pool(Vertx vertx, String url) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
  }

  /** Links first, then walks every chain, as the verify endpoint does. */
  static ChainVerdict verify(Pool pool) throws Exception {
    return AuditVerifier.on(pool).verify().await(30, TimeUnit.SECONDS);
  }
}
