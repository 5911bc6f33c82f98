package org.clinicapi.audit.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The link of the hash chain: SHA-256(prev_hash || canonical encoding of the row). The encoding is
 * unambiguous: a version tag, then every field in a fixed order as a 4-byte big-endian length and its
 * UTF-8 bytes, with length -1 for null (so null, "" and "a|b" vs "a", "b" never collide). Times are epoch
 * microseconds, the precision PostgreSQL stores (the linker hashes rows as read back, the verifier likewise).
 * Public in the api package because {@link AuditLog} stores times at the precision the hash covers.
 */
public final class AuditHash {
  public static final int LENGTH = 32;
  private static final byte[] GENESIS = new byte[LENGTH];
  private static final byte[] VERSION = "clinic-audit-v1".getBytes(StandardCharsets.US_ASCII);

  private AuditHash() {
  }

  /** The previous hash of a chain's first row (a copy: arrays are mutable). */
  public static byte[] genesis() {
    return GENESIS.clone();
  }

  public static byte[] of(byte[] prevHash, UUID id, AuditEvent e, short chain, long seq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, VERSION);
    field(out, text(id));
    field(out, text(micros(e.at())));
    field(out, text(e.actorId()));
    field(out, text(e.actorRole()));
    field(out, text(e.action()));
    field(out, text(e.resourceType()));
    field(out, text(e.resourceId()));
    field(out, text(e.patientId()));
    field(out, text(e.outcome()));
    field(out, text(e.ip()));
    field(out, text(e.userAgent()));
    field(out, text(e.requestId()));
    field(out, text(chain));
    field(out, text(seq));
    MessageDigest sha = sha256();
    sha.update(prevHash);
    return sha.digest(out.toByteArray());
  }

  /** PostgreSQL keeps microseconds; truncate before hashing and storing so both agree. */
  public static Instant toStoredPrecision(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  private static byte[] text(Object value) {
    return value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    int length = bytes == null ? -1 : bytes.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    if (bytes != null) {
      out.write(bytes, 0, bytes.length);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
