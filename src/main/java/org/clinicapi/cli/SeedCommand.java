package org.clinicapi.cli;

import io.vertx.core.Vertx;
import org.clinicapi.Main;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.passwords.PasswordHasher;
import org.clinicapi.auth.tokens.DevKeys;
import org.clinicapi.auth.tokens.SigningKeys;
import org.clinicapi.auth.tokens.TokenIssuer;
import org.clinicapi.common.crypto.DataCipher;
import org.clinicapi.common.crypto.DevDataKey;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigLoader;
import org.clinicapi.seed.SeedOptions;
import org.clinicapi.seed.Seeder;
import org.clinicapi.seed.TokensFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Fills a database with fake demo / load-test data (see org.clinicapi.seed) and optionally writes access
 * tokens for load generators. Refuses the prod profile: it writes accounts with a published password.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Fill the database with fake locations, providers, schedules, patients and appointments"
        + " (never with CLINIC_PROFILE=prod). Every seeded account's password is " + SeedCommand.PASSWORD + ".")
public final class SeedCommand implements Callable<Integer> {
  /** The one password of every seeded account; hashed once per run and the hash reused for all rows. */
  public static final String PASSWORD = "clinic-seed-2026";

  @Option(names = "--locations", defaultValue = "8", description = "Clinic locations (default ${DEFAULT-VALUE})")
  int locations;

  @Option(names = "--providers", defaultValue = "200", description = "Providers with profiles and weekly hours (default ${DEFAULT-VALUE})")
  int providers;

  @Option(names = "--patients", defaultValue = "10000", description = "Patients (default ${DEFAULT-VALUE})")
  int patients;

  @Option(names = "--appointments", defaultValue = "200000", description = "Appointments, past and future (default ${DEFAULT-VALUE})")
  int appointments;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed: the same seed on the same day gives the same data")
  long seed;

  @Option(names = "--tokens", description = "Write access tokens, ids and free slots for load generators to this file (TSV)")
  Path tokens;

  @Option(names = "--token-count", defaultValue = "1000", description = "Patients sampled into the tokens file (default ${DEFAULT-VALUE})")
  int tokenCount;

  @Option(names = "--slots-per-token", defaultValue = "50", description = "Free future slots per tokens-file line (default ${DEFAULT-VALUE})")
  int slotsPerToken;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if ("prod".equalsIgnoreCase(String.valueOf(ConfigLoader.load().getValue("CLINIC_PROFILE")))) {
      err.println("seed refuses to run with CLINIC_PROFILE=prod: it creates accounts with a published password");
      return 1;
    }
    SeedOptions options;
    try {
      options = new SeedOptions(locations, providers, patients, appointments, seed, tokens, tokenCount, slotsPerToken);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 1;
    }
    try (Settings settings = Settings.load()) {
      AppConfig config = settings.config();
      Migrations.migrate(config.database());
      try (Connection c = Jdbc.open(config.database())) {
        if (Seeder.alreadySeeded(c)) {
          err.println("this database has already been seeded (accounts @seed.clinic.test exist); use a fresh database");
          return 1;
        }
        Seeder.Result result = seed(config, options, c);
        Seeder.analyze(c);
        if (tokens != null) {
          TokensFile.write(tokens, result.samples());
        }
        spec.commandLine().getOut().printf("seeded %d locations, %d providers, %d patients, %d appointments%s in %.1f s%n",
            result.locations(), result.providers(), result.patients(), result.appointments(),
            tokens == null ? "" : ", " + result.samples().size() + " token samples in " + tokens,
            result.took().toMillis() / 1000.0);
      }
    }
    return 0;
  }

  /**
   * Tokens are signed with the server's key, and profiles encrypted with its data key (in dev the same DATA_DIR keys
   * the server will use).
   */
  private static Seeder.Result seed(AppConfig initial, SeedOptions options, Connection c) throws Exception {
    AppConfig config = initial.with(DevKeys.ensure(initial).mergeIn(DevDataKey.ensure(initial)));
    Vertx vertx = Vertx.vertx();
    try {
      SigningKeys keys = SigningKeys.from(config.auth());
      // One issuer per signing thread: an issuer signs under a lock, which would serialise the threads.
      ThreadLocal<TokenIssuer> issuers = ThreadLocal.withInitial(() -> new TokenIssuer(vertx, keys, config.auth()));
      String hash = PasswordHasher.hashBlocking(PASSWORD);
      Seeder seeder = new Seeder(c, options, hash,
          (patient, session) -> issuers.get().accessToken(patient, Role.PATIENT, Set.of(), session),
          Duration.ofSeconds(config.auth().refreshTokenTtlSeconds()), DataCipher.from(config.encryption()), System.err);
      return seeder.run(Instant.now());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
