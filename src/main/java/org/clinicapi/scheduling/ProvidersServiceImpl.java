package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Provider profiles, weekly hours, time off, and the free slots they leave. Callers authorize first. */
final class ProvidersServiceImpl {
  private static final ServiceException NOT_FOUND = new ServiceException(ErrorCode.NOT_FOUND, "No such provider.");

  private final Pool pool;
  private final BusyTimes busyTimes;
  private final ProvidersRepository repo = new ProvidersRepository();

  ProvidersServiceImpl(Pool pool, BusyTimes busyTimes) {
    this.pool = pool;
    this.busyTimes = busyTimes;
  }

  Future<JsonObject> list(JsonObject in) {
    Cursor after = Paging.decode(in.getString("cursor"));
    int limit = in.getInteger("limit");
    String location = in.getString("locationId");
    return repo.list(pool, location == null ? null : UUID.fromString(location), in.getString("specialty"), in.getString("search"),
        after == null ? null : after.atUtc(), after == null ? null : after.id(), limit + 1).map(rows -> Paging.page(rows, limit, ProvidersRepository::toJson));
  }

  /** A provider with a profile, with the weekly schedule. */
  Future<JsonObject> get(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    return repo.byId(pool, id).compose(row -> row == null || !row.getBoolean("has_profile") ? Future.failedFuture(NOT_FOUND)
        : schedule(id, row.getInteger("slot_minutes")).map(s -> ProvidersRepository.toJson(row).put("schedule", s)));
  }

  /** What authorization needs: any active user with role provider, profile or not, and their staff locations. */
  Future<JsonObject> target(JsonObject in) {
    return repo.byId(pool, UUID.fromString(in.getString("id"))).compose(row -> {
      if (row == null) {
        return Future.failedFuture(NOT_FOUND);
      }
      JsonArray staff = new JsonArray();
      for (UUID l : row.getArrayOfUUIDs("staff_locs")) {
        staff.add(l.toString());
      }
      return Future.succeededFuture(new JsonObject().put("provider", ProvidersRepository.toJson(row))
          .put("staffLocationIds", staff).put("hasProfile", row.getBoolean("has_profile")));
    });
  }

  Future<JsonObject> saveProfile(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    JsonObject profile = in.getJsonObject("profile");
    UUID[] locations = profile.getJsonArray("locationIds").stream().map(l -> UUID.fromString(l.toString())).toArray(UUID[]::new);
    return pool.withTransaction(sql -> repo.knownLocations(sql, locations).compose(known -> known != locations.length
            ? Future.failedFuture(ServiceException.validation(List.of(new FieldError("locationIds", "contains a location that does not exist"))))
            : repo.upsert(sql, id, profile).compose(v -> repo.replaceLocations(sql, id, locations))))
        .compose(v -> get(new JsonObject().put("id", id.toString())));
  }

  Future<JsonObject> saveSchedule(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    JsonObject s = in.getJsonObject("schedule");
    return pool.withTransaction(sql -> repo.replaceHours(sql, id, s.getInteger("slotMinutes"), s.getJsonArray("hours")))
        .compose(v -> schedule(id, s.getInteger("slotMinutes")));
  }

  private Future<JsonObject> schedule(UUID id, int slotMinutes) {
    return repo.hours(pool, id, null).map(rows -> {
      JsonArray hours = new JsonArray();
      rows.forEach(r -> hours.add(new JsonObject().put("locationId", r.getUUID("location_id").toString())
          .put("weekday", (int) r.getShort("weekday")).put("start", r.getLocalTime("start_time").toString())
          .put("end", r.getLocalTime("end_time").toString())));
      return new JsonObject().put("slotMinutes", slotMinutes).put("hours", hours);
    });
  }

  Future<JsonObject> addTimeOff(JsonObject in) {
    return repo.addTimeOff(pool, UUID.fromString(in.getString("id")), in.getJsonObject("timeOff"));
  }

  Future<JsonObject> removeTimeOff(JsonObject in) {
    return repo.deleteTimeOff(pool, UUID.fromString(in.getString("id")), UUID.fromString(in.getString("timeOffId")))
        .compose(deleted -> deleted ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(new ServiceException(ErrorCode.NOT_FOUND, "No such time off.")));
  }

  /** Weekly hours in each location's zone, minus time off and whatever the booking seam reports busy. */
  Future<JsonObject> slots(JsonObject in) {
    UUID id = UUID.fromString(in.getString("id"));
    String location = in.getString("locationId");
    Instant from = Instant.parse(in.getString("from"));
    Instant to = Instant.parse(in.getString("to"));
    return repo.byId(pool, id).compose(row -> row == null || !row.getBoolean("has_profile") ? Future.failedFuture(NOT_FOUND)
        : repo.hours(pool, id, location == null ? null : UUID.fromString(location))
            .compose(hours -> busy(id, from, to).map(busy -> slotsJson(SlotCalculator.free(week(hours),
                row.getInteger("slot_minutes"), from, to, busy)))));
  }

  private Future<List<SlotCalculator.Busy>> busy(UUID id, Instant from, Instant to) {
    return repo.timeOff(pool, id, from, to).compose(off -> busyTimes.busy(pool, id, from, to).map(booked -> {
      List<SlotCalculator.Busy> all = new ArrayList<>(off);
      all.addAll(booked);
      return all;
    }));
  }

  private static List<SlotCalculator.Hours> week(RowSet<Row> rows) {
    List<SlotCalculator.Hours> week = new ArrayList<>();
    rows.forEach(r -> week.add(new SlotCalculator.Hours(r.getUUID("location_id"), ZoneId.of(r.getString("time_zone")),
        r.getShort("weekday"), r.getLocalTime("start_time"), r.getLocalTime("end_time"))));
    return week;
  }

  private static JsonObject slotsJson(List<SlotCalculator.Slot> slots) {
    JsonArray items = new JsonArray();
    slots.forEach(s -> items.add(new JsonObject().put("locationId", s.locationId().toString())
        .put("startsAt", SlotCalculator.RFC3339.format(s.start())).put("endsAt", SlotCalculator.RFC3339.format(s.end()))));
    return new JsonObject().put("items", items);
  }
}
