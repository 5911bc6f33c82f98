package org.clinicapi.common.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Database failures are classified by SQLSTATE and type into contract codes")
class SqlErrorsTest {

  private static PgException pg(String sqlState) {
    return new PgException("secret detail from host db.internal:5432", "ERROR", sqlState, "some detail");
  }

  private static void assertCode(Throwable failure, ErrorCode expected) {
    ServiceException translated = SqlErrors.translate(failure);
    assertThat(translated).as("translation of %s", failure).isNotNull();
    assertThat(translated.code()).isEqualTo(expected);
    assertThat(translated.getMessage()).as("a safe message of our own, not the driver's")
        .isNotBlank()
        .doesNotContain("secret")
        .doesNotContain("db.internal");
  }

  @Test
  @DisplayName("a unique violation (23505) is a CONFLICT")
  void uniqueViolationConflict() {
    assertCode(pg("23505"), ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("an exclusion violation (23P01) is SLOT_TAKEN")
  void exclusionViolationSlotTaken() {
    assertCode(pg("23P01"), ErrorCode.SLOT_TAKEN);
  }

  @Test
  @DisplayName("a serialization failure (40001) is SERVICE_UNAVAILABLE, so the client retries")
  void serializationFailureUnavailable() {
    assertCode(pg("40001"), ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  @DisplayName("a full pool wait queue is SERVICE_UNAVAILABLE")
  void poolTooBusyUnavailable() {
    assertCode(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 0"),
        ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  @DisplayName("a refused connection is SERVICE_UNAVAILABLE")
  void connectionRefusedUnavailable() {
    assertCode(new ConnectException("Connection refused: db.internal/10.0.0.1:5432"), ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  @DisplayName("a programming error is not translated (it becomes a 500 with an error id)")
  void programmingErrorNotTranslated() {
    assertThat(SqlErrors.translate(new IllegalArgumentException("bug"))).isNull();
  }

  @Test
  @DisplayName("an unknown SQLSTATE is not translated")
  void unknownSqlStateNotTranslated() {
    assertThat(SqlErrors.translate(pg("42P01"))).isNull();
  }
}
