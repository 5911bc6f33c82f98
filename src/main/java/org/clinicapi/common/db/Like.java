package org.clinicapi.common.db;

/** User text inside a LIKE/ILIKE pattern: its % and _ match themselves, not any characters. */
public final class Like {
  private Like() {
  }

  /** Escapes with backslash, PostgreSQL's default LIKE escape character. */
  public static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
