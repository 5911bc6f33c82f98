package org.clinicapi.seed;

import java.time.ZoneId;
import java.util.List;

/**
 * Made-up clinic sites in cities across several IANA zones (both hemispheres, half-hour offsets, zones
 * with and without daylight saving), so slot arithmetic is exercised the way real practices would.
 */
final class Places {
  record City(String name, String country, ZoneId zone, String phonePrefix, String currency) {
  }

  static final List<City> CITIES = List.of(
      new City("Detroit", "US", ZoneId.of("America/Detroit"), "+1313555", "usd"),
      new City("Los Angeles", "US", ZoneId.of("America/Los_Angeles"), "+1213555", "usd"),
      new City("Chicago", "US", ZoneId.of("America/Chicago"), "+1312555", "usd"),
      new City("London", "GB", ZoneId.of("Europe/London"), "+44207946", "gbp"),
      new City("Berlin", "DE", ZoneId.of("Europe/Berlin"), "+4930555", "eur"),
      new City("Kolkata", "IN", ZoneId.of("Asia/Kolkata"), "+9133555", "inr"),
      new City("Sydney", "AU", ZoneId.of("Australia/Sydney"), "+61255501", "aud"),
      new City("Sao Paulo", "BR", ZoneId.of("America/Sao_Paulo"), "+5511555", "brl"));

  private static final List<String> STREETS = List.of("Main St", "Park Ave", "Harbour Rd", "Station Sq", "Elm Way",
      "Market St", "River Rd", "Hill Lane");

  private Places() {
  }

  /** The i-th location: cities in turn, so any count spreads over the zones. */
  static City city(int index) {
    return CITIES.get(index % CITIES.size());
  }

  static String name(int index) {
    return "Seed Clinic " + city(index).name() + " " + (index / CITIES.size() + 1);
  }

  static String address(int index) {
    return (10 + index) + " " + STREETS.get(index % STREETS.size()) + ", " + city(index).name() + ", " + city(index).country();
  }

  static String phone(int index) {
    return city(index).phonePrefix() + String.format("%04d", index % 10_000);
  }
}
