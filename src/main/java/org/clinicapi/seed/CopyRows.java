package org.clinicapi.seed;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Streams rows into one table with {@code COPY … FROM STDIN (FORMAT csv)}: rows are built as CSV text
 * and sent in chunks of about 256 KiB, which is what makes 200,000 appointments take seconds instead of
 * minutes. Text is always quoted, so commas or quotes in a value cannot shift columns. Null is an
 * unquoted empty field (CSV's default).
 */
final class CopyRows implements AutoCloseable {
  private static final int CHUNK = 256 * 1024;
  private final CopyIn copy;
  private final Progress progress;
  private final StringBuilder buffer = new StringBuilder(CHUNK + 4096);
  private boolean rowStarted;
  private long pendingRows;

  private CopyRows(CopyIn copy, Progress progress) {
    this.copy = copy;
    this.progress = progress;
  }

  /** {@code columns} like {@code "users (id, email, name)"}. */
  static CopyRows into(Connection c, String tableAndColumns, Progress progress) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN (FORMAT csv)");
    return new CopyRows(copy, progress);
  }

  CopyRows text(String value) {
    separate();
    if (value != null) {
      buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
    return this;
  }

  /** UUIDs, numbers, booleans and timestamps: nothing in them needs quoting. */
  CopyRows raw(Object value) {
    separate();
    if (value != null) {
      buffer.append(value);
    }
    return this;
  }

  void endRow() throws SQLException {
    buffer.append('\n');
    rowStarted = false;
    pendingRows++;
    if (buffer.length() >= CHUNK) {
      flush();
    }
  }

  private void separate() {
    if (rowStarted) {
      buffer.append(',');
    }
    rowStarted = true;
  }

  private void flush() throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
    if (progress != null) {
      progress.advance(pendingRows);
    }
    pendingRows = 0;
  }

  /** Sends what is left and ends the COPY; the rows become visible when the transaction commits. */
  @Override
  public void close() throws SQLException {
    if (!copy.isActive()) {
      return;
    }
    flush();
    copy.endCopy();
  }
}
