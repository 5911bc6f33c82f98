package org.clinicapi.seed;

import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.scheduling.SlotCalculator;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Fills a database with fake locations, providers (profile, locations, weekly hours), patients (with a
 * profile each: demographics, and medical history encrypted with the configured data key) and appointments, and optionally token samples for load generators: all with COPY, all in one
 * transaction, so a failure leaves nothing behind. Blocking JDBC: for the command line only.
 */
public final class Seeder {
  /** How many rows were written, and the tokens-file lines (empty without --tokens). */
  public record Result(int locations, int providers, int patients, int appointments, List<TokenSample> samples,
      Duration took) {
  }

  /** Mints an access token for a patient's session (the command wires TokenIssuer here); called from several threads. */
  @FunctionalInterface
  public interface TokenMinter {
    String accessToken(UUID patientId, UUID sessionId);
  }

  private final Connection c;
  private final SeedOptions options;
  private final String passwordHash;
  private final TokenMinter minter;
  private final Duration sessionTtl;
  private final SplittableRandom random;
  private final Progress progress;
  private final DataCipher cipher;

  /** {@code cipher}: the server's data encryption key, so seeded profiles decrypt in the API. */
  public Seeder(Connection c, SeedOptions options, String passwordHash, TokenMinter minter, Duration sessionTtl,
      DataCipher cipher, PrintStream progressOut) {
    this.c = c;
    this.cipher = cipher;
    this.options = options;
    this.passwordHash = passwordHash;
    this.minter = minter;
    this.sessionTtl = sessionTtl;
    this.random = new SplittableRandom(options.seed());
    long tokens = options.tokens() == null ? 0 : options.tokenSamples();
    this.progress = new Progress(progressOut, (long) options.locations() + options.providers() + options.patients()
        + options.appointments() + tokens);
  }

  /** True when an earlier seed left its accounts here (a second run would only collide on e-mails). */
  public static boolean alreadySeeded(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM users WHERE email LIKE ? LIMIT 1")) {
      s.setString(1, "%" + FakePeople.EMAIL_DOMAIN);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Result run(Instant now) throws SQLException {
    long started = System.nanoTime();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      Result result = seed(now, started);
      c.commit();
      progress.finish();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** Refreshes planner statistics after a bulk load (outside the seed transaction). */
  public static void analyze(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE locations, users, user_locations, providers, provider_locations, provider_schedules, appointments, sessions,"
          + " patient_profiles");
    }
  }

  private Result seed(Instant now, long started) throws SQLException {
    List<ProviderPlan.Site> sites = locations();
    List<ProviderPlan> providers = providers(sites);
    UUID[] patients = patients();
    profiles(patients, now);
    List<Booking> bookings = appointments(providers, patients, now);
    List<TokenSample> samples = options.tokens() == null ? List.of() : samples(providers, patients, bookings, now);
    return new Result(sites.size(), providers.size(), patients.length, bookings.size(), samples,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private List<ProviderPlan.Site> locations() throws SQLException {
    progress.phase("locations");
    List<ProviderPlan.Site> sites = new ArrayList<>();
    try (CopyRows rows = CopyRows.into(c, "locations (id, name, address, phone, time_zone)", progress)) {
      for (int i = 0; i < options.locations(); i++) {
        Places.City city = Places.city(i);
        UUID id = SeedIds.next(random);
        rows.raw(id).text(Places.name(i)).text(Places.address(i)).text(Places.phone(i)).text(city.zone().getId()).endRow();
        sites.add(new ProviderPlan.Site(id, city.zone(), i % Places.CITIES.size(), city.currency()));
      }
    }
    return sites;
  }

  private List<ProviderPlan> providers(List<ProviderPlan.Site> sites) throws SQLException {
    progress.phase("providers");
    List<ProviderPlan> plans = new ArrayList<>();
    try (CopyRows users = CopyRows.into(c, "users (id, email, name, phone, role, password_hash, email_verified)", progress)) {
      for (int i = 0; i < options.providers(); i++) {
        UUID id = SeedIds.next(random);
        FakePeople.Person person = FakePeople.person(random, "provider", i);
        users.raw(id).text(person.email()).text("Dr. " + person.name()).text(person.phone()).text("provider")
            .text(passwordHash).raw("t").endRow();
        plans.add(ProviderPlan.plan(id, i, sites, random));
      }
    }
    profiles(plans, sites);
    try (CopyRows staff = CopyRows.into(c, "user_locations (user_id, location_id)", null)) {
      for (ProviderPlan p : plans) {
        for (UUID location : p.locations()) {
          staff.raw(p.id()).raw(location).endRow();
        }
      }
    }
    try (CopyRows practises = CopyRows.into(c, "provider_locations (provider_id, location_id)", null)) {
      for (ProviderPlan p : plans) {
        for (UUID location : p.locations()) {
          practises.raw(p.id()).raw(location).endRow();
        }
      }
    }
    try (CopyRows hours = CopyRows.into(c, "provider_schedules (id, provider_id, location_id, weekday, start_time, end_time)", null)) {
      for (ProviderPlan p : plans) {
        for (SlotCalculator.Hours h : p.hours()) {
          hours.raw(SeedIds.next(random)).raw(p.id()).raw(h.locationId()).raw(h.weekday()).raw(h.start()).raw(h.end()).endRow();
        }
      }
    }
    return plans;
  }

  /** Profiles with professional details; most verified (by themselves: seeded data has no manager's act to show). */
  private void profiles(List<ProviderPlan> plans, List<ProviderPlan.Site> sites) throws SQLException {
    String columns = "providers (user_id, specialty, bio, fee_amount, fee_currency, slot_minutes, license_number, license_region,"
        + " qualifications, years_of_experience, languages, verified_at, verified_by, verification_note)";
    Instant verifiedAt = Instant.now();
    try (CopyRows profiles = CopyRows.into(c, columns, null)) {
      for (int i = 0; i < plans.size(); i++) {
        ProviderPlan p = plans.get(i);
        SeedCredentials cred = SeedCredentials.of(p.id(), i, Places.CITIES.get(sites.get(i % sites.size()).cityIndex()).country());
        profiles.raw(p.id()).text(p.specialty()).text(p.bio()).raw(p.feeAmount()).text(p.feeCurrency()).raw(p.slotMinutes())
            .text(cred.licenseNumber()).text(cred.licenseRegion()).text(SeedCredentials.array(cred.qualifications()))
            .raw(cred.yearsOfExperience()).text(SeedCredentials.array(cred.languages()))
            .raw(cred.verified() ? verifiedAt : null).raw(cred.verified() ? p.id() : null).text(cred.verified() ? "seeded" : null).endRow();
      }
    }
  }

  private UUID[] patients() throws SQLException {
    progress.phase("patients");
    UUID[] ids = new UUID[options.patients()];
    try (CopyRows users = CopyRows.into(c, "users (id, email, name, phone, role, password_hash, email_verified)", progress)) {
      for (int i = 0; i < ids.length; i++) {
        ids[i] = SeedIds.next(random);
        FakePeople.Person person = FakePeople.person(random, "patient", i);
        users.raw(ids[i]).text(person.email()).text(person.name()).text(person.phone()).text("patient")
            .text(passwordHash).raw("t").endRow();
      }
    }
    return ids;
  }

  /** A profile for every patient, in the same COPY style (rows count under the patients' progress). */
  private void profiles(UUID[] patients, Instant now) throws SQLException {
    FakeProfiles fake = new FakeProfiles(cipher, random);
    try (CopyRows rows = CopyRows.into(c, FakeProfiles.COLUMNS, null)) {
      for (UUID patient : patients) {
        fake.row(rows, patient, now.atZone(ZoneOffset.UTC).toLocalDate());
      }
    }
  }

  private List<Booking> appointments(List<ProviderPlan> providers, UUID[] patients, Instant now) throws SQLException {
    progress.phase("appointments");
    int each = options.appointments() / providers.size();
    int extra = options.appointments() % providers.size();
    int weeks = AppointmentPlanner.weeksFor(each + (extra > 0 ? 1 : 0));
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    int pastWeeks = weeks / 2;
    AppointmentPlanner planner = new AppointmentPlanner(today.minus(Duration.ofDays(7L * pastWeeks)),
        today.plus(Duration.ofDays(7L * (weeks - pastWeeks))), now);
    List<Booking> all = new ArrayList<>(options.appointments());
    String columns = "appointments (id, patient_id, provider_id, location_id, starts_at, ends_at, status, reason, created_by,"
        + " cancelled_by, cancelled_at, cancel_reason, created_at, updated_at)";
    try (CopyRows rows = CopyRows.into(c, columns, progress)) {
      for (int i = 0; i < providers.size(); i++) {
        for (Booking b : planner.plan(providers.get(i), each + (i < extra ? 1 : 0), patients, random)) {
          boolean cancelled = b.cancelledAt() != null;
          rows.raw(b.id()).raw(b.patientId()).raw(b.providerId()).raw(b.locationId()).raw(b.start()).raw(b.end())
              .text(b.status()).text(b.reason()).raw(b.patientId()).raw(cancelled ? b.patientId() : null)
              .raw(b.cancelledAt()).text(cancelled ? AppointmentPlanner.cancelReason(b) : null)
              .raw(b.createdAt()).raw(cancelled ? b.cancelledAt() : b.createdAt()).endRow();
          all.add(b);
        }
      }
    }
    return all;
  }

  /**
   * One line per sampled patient who has an appointment: a session row (so the token's {@code sid} is a
   * real session that logout can end), a token, one of their appointments, and free future slots that no
   * other line repeats, so a booking benchmark can take each one once.
   */
  private List<TokenSample> samples(List<ProviderPlan> providers, UUID[] patients, List<Booking> bookings, Instant now)
      throws SQLException {
    progress.phase("tokens");
    Map<UUID, UUID> appointmentOf = new HashMap<>();
    for (Booking b : bookings) {
      appointmentOf.putIfAbsent(b.patientId(), b.id());
    }
    List<TokenSample.FreeSlot> free = freeSlots(providers, bookings, now.plus(Duration.ofDays(1)));
    record Pending(UUID patient, UUID session, UUID appointment, List<TokenSample.FreeSlot> slots) {
    }
    List<Pending> pending = new ArrayList<>();
    int nextSlot = 0;
    try (CopyRows sessions = CopyRows.into(c, "sessions (id, user_id, expires_at)", null)) {
      for (UUID patient : patients) {
        if (pending.size() == options.tokenSamples()) {
          break;
        }
        UUID appointment = appointmentOf.get(patient);
        if (appointment == null) {
          continue;
        }
        UUID session = SeedIds.next(random);
        sessions.raw(session).raw(patient).raw(now.plus(sessionTtl)).endRow();
        int to = Math.min(free.size(), nextSlot + options.slotsPerToken());
        pending.add(new Pending(patient, session, appointment, List.copyOf(free.subList(nextSlot, to))));
        nextSlot = to;
      }
    }
    // RS256 signing is the slow part (milliseconds per token): spread it over the cores.
    List<String> tokens = pending.parallelStream().map(p -> minter.accessToken(p.patient(), p.session())).toList();
    progress.advance(pending.size());
    List<TokenSample> samples = new ArrayList<>(pending.size());
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      samples.add(new TokenSample(tokens.get(i), p.patient(), p.appointment(), p.slots()));
    }
    return samples;
  }

  private List<TokenSample.FreeSlot> freeSlots(List<ProviderPlan> providers, List<Booking> bookings, Instant from) {
    Map<UUID, List<SlotCalculator.Busy>> busy = new HashMap<>();
    Instant end = Instant.MIN;
    for (Booking b : bookings) {
      if (b.live() && b.end().isAfter(from)) {
        busy.computeIfAbsent(b.providerId(), k -> new ArrayList<>()).add(new SlotCalculator.Busy(null, b.start(), b.end()));
      }
      end = b.end().isAfter(end) ? b.end() : end;
    }
    Instant to = end.isAfter(from) ? end : from.plus(Duration.ofDays(14));
    List<TokenSample.FreeSlot> free = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      if (!SeedCredentials.verified(i)) {
        continue; // patients cannot book an unverified provider: the benchmark's bookings go to verified ones only
      }
      ProviderPlan p = providers.get(i);
      List<SlotCalculator.Busy> taken = busy.getOrDefault(p.id(), List.of());
      // A week at a time with only that week's bookings: the calculator checks every slot against every
      // busy interval it is given, and a provider has hundreds of bookings.
      for (Instant weekStart = from; weekStart.isBefore(to); weekStart = weekStart.plus(Duration.ofDays(7))) {
        Instant weekEnd = min(to, weekStart.plus(Duration.ofDays(7)));
        List<SlotCalculator.Busy> thisWeek = overlapping(taken, weekStart, weekEnd.plus(Duration.ofDays(1)));
        for (SlotCalculator.Slot s : SlotCalculator.free(p.hours(), p.slotMinutes(), weekStart, weekEnd, thisWeek)) {
          free.add(new TokenSample.FreeSlot(p.id(), s.locationId(), SlotCalculator.RFC3339.format(s.start())));
        }
      }
    }
    // Spread each line's slots over providers, so concurrent bookings do not all queue on one provider.
    Collections.shuffle(free, new Random(random.nextLong()));
    return free;
  }

  private static List<SlotCalculator.Busy> overlapping(List<SlotCalculator.Busy> busy, Instant from, Instant to) {
    List<SlotCalculator.Busy> out = new ArrayList<>();
    for (SlotCalculator.Busy b : busy) {
      if (b.start().isBefore(to) && b.end().isAfter(from)) {
        out.add(b);
      }
    }
    return out;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
