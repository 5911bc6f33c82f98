package org.clinicapi.seed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The load generators' input, TSV (trivial to split in wrk's Lua): a {@code #} header line, then per
 * sample {@code token, patientId, appointmentId, freeSlots} where freeSlots is
 * {@code providerId|locationId|startsAt} items joined by commas (possibly empty). It holds live bearer
 * tokens, so it is written owner-only where the file system allows.
 */
public final class TokensFile {
  static final String HEADER = "# accessToken\tpatientId\tappointmentId\tfreeSlots (providerId|locationId|startsAt,...)";

  private TokensFile() {
  }

  public static void write(Path file, List<TokenSample> samples) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      for (TokenSample s : samples) {
        List<String> slots = new ArrayList<>();
        s.freeSlots().forEach(f -> slots.add(f.providerId() + "|" + f.locationId() + "|" + f.startsAt()));
        out.write(s.accessToken() + "\t" + s.patientId() + "\t" + s.appointmentId() + "\t" + String.join(",", slots));
        out.newLine();
      }
    }
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  public static List<TokenSample> read(Path file) throws IOException {
    List<TokenSample> samples = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      List<TokenSample.FreeSlot> slots = new ArrayList<>();
      for (String item : f[3].isEmpty() ? new String[0] : f[3].split(",")) {
        String[] p = item.split("\\|");
        slots.add(new TokenSample.FreeSlot(UUID.fromString(p[0]), UUID.fromString(p[1]), p[2]));
      }
      samples.add(new TokenSample(f[0], UUID.fromString(f[1]), UUID.fromString(f[2]), slots));
    }
    return samples;
  }
}
