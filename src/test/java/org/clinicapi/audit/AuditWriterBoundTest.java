package org.clinicapi.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.support.TestEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.clinicapi.audit.AuditFixtures.event;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit group writer's queue is bounded: a stalled database cannot grow it without limit")
class AuditWriterBoundTest {

  @Test
  @DisplayName("while a batch never completes, MAX_PENDING appends wait and the next one fails at once with SERVICE_UNAVAILABLE")
  void appendsBeyondTheBoundFailAtOnce(Vertx vertx, VertxTestContext test) {
    Pool pool = AuditFixtures.pool(vertx, TestEnvironment.databaseUrl());
    // The lease of a writer chain never completes: the first batch stays in flight, as with a hung insert.
    Promise<SqlConnection> never = Promise.promise();
    AuditWriter writer = new AuditWriter(vertx, new AuditRepository(pool), never::future, () -> { });
    Context context = vertx.getOrCreateContext();
    UUID patient = UUID.randomUUID();
    context.runOnContext(v -> {
      List<Future<AuditReceipt>> waiting = new ArrayList<>();
      for (int i = 0; i <= AuditWriter.MAX_PENDING; i++) {
        waiting.add(writer.append(event("test.bound", patient)));
      }
      Future<AuditReceipt> refused = writer.append(event("test.bound", patient));
      test.verify(() -> {
        assertThat(waiting).as("the batch in flight and the appends behind it").noneMatch(Future::isComplete);
        assertThat(refused.failed()).as("the append past the bound fails without waiting").isTrue();
        assertThat(refused.cause()).isInstanceOfSatisfying(ServiceException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
      });
      pool.close().onComplete(test.succeedingThenComplete());
    });
  }
}
