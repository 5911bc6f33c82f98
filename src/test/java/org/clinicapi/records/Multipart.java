package org.clinicapi.records;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds multipart/form-data bodies and sample files (by their real bytes) for the upload tests. */
final class Multipart {
  static final String BOUNDARY = "clinic-test-boundary-7d1f";
  static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private final Map<String, String> fields = new LinkedHashMap<>();
  private String filename;
  private String declaredType = "application/octet-stream";
  private byte[] content;

  static Multipart form() {
    return new Multipart();
  }

  Multipart field(String name, String value) {
    fields.put(name, value);
    return this;
  }

  Multipart file(String name, String type, byte[] bytes) {
    this.filename = name;
    this.declaredType = type;
    this.content = bytes;
    return this;
  }

  /** The fields first, then the file part (when there is one). */
  Buffer body() {
    Buffer body = Buffer.buffer();
    fields.forEach((name, value) -> body.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"\r\n\r\n" + value + "\r\n"));
    if (content != null) {
      body.appendString(fileHead()).appendBytes(content).appendString("\r\n");
    }
    return body.appendString("--" + BOUNDARY + "--\r\n");
  }

  /** The header of the file part, for tests that stream its bytes themselves. */
  String fileHead() {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] png() {
    byte[] bytes = new byte[64];
    byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0};
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }

  static byte[] elf() {
    byte[] bytes = new byte[256];
    byte[] head = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0};
    System.arraycopy(head, 0, bytes, 0, head.length);
    return bytes;
  }

  static byte[] windowsExecutable() {
    byte[] bytes = new byte[512];
    bytes[0] = 'M';
    bytes[1] = 'Z';
    bytes[0x3c] = (byte) 0x80;
    bytes[0x80] = 'P';
    bytes[0x81] = 'E';
    return bytes;
  }

  static byte[] docx() {
    return zip(Map.of(
        "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
            + "wordprocessingml.document.main+xml\"/></Types>",
        "_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>",
        "word/document.xml", "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"));
  }

  static byte[] plainZip() {
    return zip(Map.of("notes.txt", "just a zip", "bin/run.sh", "#!/bin/sh\n"));
  }

  private static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      // [Content_Types].xml first, as Word writes it.
      for (String name : entries.keySet().stream().sorted((a, b) -> a.startsWith("[") ? -1 : b.startsWith("[") ? 1 : a.compareTo(b)).toList()) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(entries.get(name).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
