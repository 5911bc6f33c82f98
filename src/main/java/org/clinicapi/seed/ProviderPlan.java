package org.clinicapi.seed;

import org.clinicapi.scheduling.SlotCalculator;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One seeded provider: profile, locations and weekly hours. A provider works at one site, or at two
 * sites of the same city on different weekdays, so their hours never overlap in UTC (two sites in far
 * apart zones could make Monday in one overlap Tuesday in the other).
 */
record ProviderPlan(UUID id, String specialty, long feeAmount, String feeCurrency, int slotMinutes, List<UUID> locations,
    List<SlotCalculator.Hours> hours) {

  private static final List<String> SPECIALTIES = List.of("General practice", "Paediatrics", "Dermatology", "Cardiology",
      "Physiotherapy", "Psychiatry", "Gynaecology", "Orthopaedics", "Ophthalmology", "Nutrition");
  private static final int[] SLOT_MINUTES = {30, 30, 30, 20, 45};

  record Site(UUID id, ZoneId zone, int cityIndex, String currency) {
  }

  static ProviderPlan plan(UUID id, int index, List<Site> sites, SplittableRandom random) {
    Site home = sites.get(index % sites.size());
    List<Site> sameCity = sites.stream().filter(s -> s.cityIndex() == home.cityIndex() && !s.id().equals(home.id())).toList();
    Site second = !sameCity.isEmpty() && random.nextInt(2) == 0 ? sameCity.get(random.nextInt(sameCity.size())) : null;
    List<SlotCalculator.Hours> hours = new ArrayList<>();
    List<UUID> locations = new ArrayList<>(List.of(home.id()));
    if (second == null) {
      for (int day = 1; day <= 5; day++) {
        hours.add(hours(home, day, 9, 17));
      }
    } else {
      locations.add(second.id());
      for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)) {
        hours.add(hours(home, day.getValue(), 8, 16));
      }
      for (DayOfWeek day : List.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY)) {
        hours.add(hours(second, day.getValue(), 10, 18));
      }
    }
    if (random.nextInt(5) == 0) {
      hours.add(hours(home, DayOfWeek.SATURDAY.getValue(), 9, 13));
    }
    String specialty = SPECIALTIES.get(random.nextInt(SPECIALTIES.size()));
    long fee = 4_000 + 500L * random.nextInt(25);
    return new ProviderPlan(id, specialty, fee, home.currency(), SLOT_MINUTES[random.nextInt(SLOT_MINUTES.length)],
        List.copyOf(locations), List.copyOf(hours));
  }

  String bio() {
    return specialty + " with " + (5 + Math.abs(id.hashCode() % 25)) + " years of practice. Seeded demo profile.";
  }

  private static SlotCalculator.Hours hours(Site site, int weekday, int from, int to) {
    return new SlotCalculator.Hours(site.id(), site.zone(), weekday, LocalTime.of(from, 0), LocalTime.of(to, 0));
  }
}
