package org.clinicapi.seed;

import java.util.List;
import java.util.UUID;

/** One line of the tokens file. */
public record TokenSample(String accessToken, UUID patientId, UUID appointmentId, List<FreeSlot> freeSlots) {

  /** A slot nobody has booked; {@code startsAt} in RFC 3339 with the location's offset, as the API serves it. */
  public record FreeSlot(UUID providerId, UUID locationId, String startsAt) {
  }
}
