package org.clinicapi.records;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The client's filename is only a label: it is shown back and offered on download, never used as a path.
 * It is cut to its last path segment and stripped of anything a header or a file manager could misread.
 */
final class SafeFilename {
  static final String FALLBACK = "file";
  private static final int MAX_LENGTH = 255;
  private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._()\\-]");
  private static final Pattern NOT_ASCII_SAFE = Pattern.compile("[^A-Za-z0-9 ._()\\-]");

  private SafeFilename() {
  }

  static String of(String raw) {
    if (raw == null) {
      return FALLBACK;
    }
    String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = UNSAFE.matcher(name).replaceAll("_").strip();
    // Leading dots would make ".", ".." or hidden files on a user's disk.
    name = name.replaceFirst("^[.\\s]+", "");
    if (name.length() > MAX_LENGTH) {
      name = name.substring(name.length() - MAX_LENGTH);
    }
    return name.isEmpty() ? FALLBACK : name;
  }

  /** RFC 6266: an ASCII fallback in quotes plus the exact name as UTF-8 in filename*. */
  static String contentDisposition(String filename) {
    String ascii = NOT_ASCII_SAFE.matcher(filename).replaceAll("_");
    String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
