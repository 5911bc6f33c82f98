package org.clinicapi.common;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Ids: random version-4 ids, time-ordered version-7 ids for audit events and for exposed records")
class IdsTest {

  @Test
  @DisplayName("a version-7 id carries its millisecond in its first 48 bits, version 7 and the RFC variant")
  void timeOrderedCarriesItsTime() {
    long before = System.currentTimeMillis();
    UUID id = Ids.timeOrdered();
    long after = System.currentTimeMillis();
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    assertThat(UUID.fromString(id.toString())).isEqualTo(id);
  }

  @Test
  @DisplayName("ids made in later milliseconds sort after earlier ones, as PostgreSQL orders uuid (bytes, unsigned)")
  void timeOrderedIdsSortByTime() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(Ids.timeOrdered());
      Thread.sleep(2);
    }
    for (int i = 1; i < ids.size(); i++) {
      // PostgreSQL compares uuids byte by byte: the canonical string order is that order.
      assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
    }
  }

  @Test
  @DisplayName("time-ordered ids made in the same millisecond still differ (74 random bits)")
  void timeOrderedIdsAreUnique() {
    java.util.Set<UUID> seen = new java.util.HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(Ids.timeOrdered())).isTrue();
    }
  }

  @Test
  @DisplayName("resource ids (appointments, holds) are version 7 with the RFC variant, time-ordered and distinct")
  void resourceIdsAreTimeOrderedAndDistinct() throws Exception {
    long before = System.currentTimeMillis();
    UUID first = Ids.resource();
    Thread.sleep(2);
    UUID second = Ids.resource();
    assertThat(first.version()).isEqualTo(7);
    assertThat(first.variant()).isEqualTo(2);
    assertThat(first.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
    assertThat(second.toString()).isGreaterThan(first.toString());
    java.util.Set<UUID> seen = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Ids.resource())).isTrue();
    }
  }
}
