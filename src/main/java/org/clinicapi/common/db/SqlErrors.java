package org.clinicapi.common.db;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;

import java.io.IOException;

/** Classifies database failures by SQLSTATE and exception type, never by message text. */
public final class SqlErrors {
  private SqlErrors() {
  }

  /** The contract error for a database failure, or null when it is a bug (a 500 with an error id). */
  public static ServiceException translate(Throwable failure) {
    if (failure instanceof PgException pg) {
      return fromSqlState(pg.getSqlState());
    }
    // Pool exhausted, acquisition timed out, connection refused or lost: the database is out of reach.
    if (failure instanceof VertxException || failure instanceof IOException) {
      return ServiceException.unavailable("The database is busy or unavailable. Try again shortly.");
    }
    return null;
  }

  static ServiceException fromSqlState(String sqlState) {
    if (sqlState == null) {
      return null;
    }
    return switch (sqlState) {
      case "23505" -> new ServiceException(ErrorCode.CONFLICT, "The resource already exists.");
      case "23P01" -> new ServiceException(ErrorCode.SLOT_TAKEN, "The time slot is already taken.");
      case "23503" -> new ServiceException(ErrorCode.CONFLICT, "A referenced resource does not exist or is still in use.");
      case "23514", "23502", "22001", "22P02", "22007", "22008" ->
          new ServiceException(ErrorCode.VALIDATION_ERROR, "The request has a value the database rejects.");
      case "40001", "40P01", "55P03", "57014", "53300", "57P01", "57P03" ->
          ServiceException.unavailable("The database is busy or unavailable. Try again shortly.");
      default -> sqlState.startsWith("08") ? ServiceException.unavailable("The database is unavailable. Try again shortly.") : null;
    };
  }
}
