package org.clinicapi.seed;

import org.clinicapi.scheduling.SlotCalculator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Picks appointments for one provider among the slots of their weekly hours (computed by the API's own
 * {@link SlotCalculator}, so they fall inside the schedule in the location's zone), at random and at most
 * {@link #MAX_FILL} of them, so future free slots remain for booking benchmarks. Slots never overlap each
 * other; the planner still skips any candidate that would overlap the previous one, so the exclusion
 * constraint can never fire in the middle of a COPY.
 */
final class AppointmentPlanner {
  static final double MAX_FILL = 0.6;
  private static final List<String> REASONS = List.of("Annual check-up", "Follow-up visit", "Persistent cough",
      "Back pain", "Skin rash", "Vaccination", "Blood pressure review", "Headaches, three weeks", "Sports injury",
      "Prescription renewal", "Lab results, discussion", "Sleep problems");
  private static final List<String> CANCEL_REASONS = List.of("Patient unavailable", "Feeling better", "Rescheduled");

  private final Instant windowStart;
  private final Instant windowEnd;
  private final Instant now;

  AppointmentPlanner(Instant windowStart, Instant windowEnd, Instant now) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.now = now;
  }

  /** Weeks of history and future needed so {@code perProvider} bookings fill at most MAX_FILL of the slots. */
  static int weeksFor(int perProvider) {
    int slotsPerWeekAtLeast = 5 * (8 * 60 / 45);
    return Math.max(4, (int) Math.ceil(perProvider / (slotsPerWeekAtLeast * MAX_FILL)) + 1);
  }

  List<Booking> plan(ProviderPlan provider, int count, UUID[] patients, SplittableRandom random) {
    List<SlotCalculator.Slot> slots = new ArrayList<>(
        SlotCalculator.free(provider.hours(), provider.slotMinutes(), windowStart, windowEnd, List.of()));
    int take = Math.min(count, (int) (slots.size() * MAX_FILL));
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(slots.size() - i);
      SlotCalculator.Slot swap = slots.get(i);
      slots.set(i, slots.get(j));
      slots.set(j, swap);
    }
    List<SlotCalculator.Slot> chosen = new ArrayList<>(slots.subList(0, take));
    chosen.sort(Comparator.comparing(s -> s.start().toInstant()));
    List<Booking> out = new ArrayList<>(take);
    Instant previousEnd = Instant.MIN;
    for (SlotCalculator.Slot slot : chosen) {
      Instant start = slot.start().toInstant();
      if (start.isBefore(previousEnd)) {
        continue;
      }
      previousEnd = slot.end().toInstant();
      out.add(booking(provider, slot, patients[random.nextInt(patients.length)], random));
    }
    return out;
  }

  private Booking booking(ProviderPlan provider, SlotCalculator.Slot slot, UUID patient, SplittableRandom random) {
    Instant start = slot.start().toInstant();
    boolean past = start.isBefore(now);
    int roll = random.nextInt(100);
    String status = past ? (roll < 85 ? "completed" : "cancelled") : (roll < 60 ? "scheduled" : "confirmed");
    Instant created = min(now, start.minus(Duration.ofHours(24 + random.nextInt(24 * 30))));
    Instant cancelled = status.equals("cancelled") ? created.plus(Duration.between(created, min(now, start)).dividedBy(2)) : null;
    String reason = REASONS.get(random.nextInt(REASONS.size()));
    return new Booking(SeedIds.next(random), patient, provider.id(), slot.locationId(), start, slot.end().toInstant(),
        status, reason, created, cancelled);
  }

  static String cancelReason(Booking booking) {
    return CANCEL_REASONS.get(Math.floorMod(booking.id().hashCode(), CANCEL_REASONS.size()));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
