package org.clinicapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.clinicapi.auth.tokens.DevKeys;
import org.clinicapi.common.crypto.DevDataKey;
import org.clinicapi.payments.simulator.SimulatorSecret;
import org.clinicapi.cli.CreateAdminCommand;
import org.clinicapi.cli.MigrateCommand;
import org.clinicapi.cli.RestoreCheckCommand;
import org.clinicapi.cli.SeedCommand;
import org.clinicapi.cli.ServeCommand;
import org.clinicapi.common.logging.Logging;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/**
 * The command line, and the only place that deploys (through {@link Startup}): health checks, the metrics
 * listener and HTTP first, then migrations (blocking, on a worker) and the database verticles, retried until the
 * database answers — (later: communications, payments, jobs) — each failing the whole start when its own start fails.
 */
@Command(name = "clinic-api", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Clinic API server.", subcommands = {ServeCommand.class, MigrateCommand.class, CreateAdminCommand.class,
        SeedCommand.class, RestoreCheckCommand.class})
public final class Main implements Callable<Integer> {
  /** What --version prints, for the top command and every subcommand (each has its own --help and --version). */
  public static final String VERSION = "clinic-api 0.1.0";
  /** Exit code for configuration that is missing or unsafe. */
  public static final int BAD_CONFIG = 2;

  public static void main(String[] args) {
    int code = run(args);
    Logging.stop();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command and returns its exit code; never exits the JVM (tests call this). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException ? BAD_CONFIG : 1);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      commandLine.getErr().println(e instanceof ConfigException ? e.getMessage() : "clinic-api: " + e);
      return commandLine.getExitCodeExceptionMapper().getExitCode(e);
    });
    return cli.execute(args);
  }

  /** Without a subcommand the server starts. */
  @Override
  public Integer call() throws Exception {
    return new ServeCommand().call();
  }

  /**
   * Deploys every verticle (in dev after making sure a signing key, a data encryption key and, with the Stripe simulator, a webhook secret exist), in the order {@link Startup} gives:
   * probes and HTTP first, then migrations and the database, retried until the database answers.
   */
  public static Future<Deployment> deploy(Vertx vertx, AppConfig initial) {
    return new Startup(vertx, initial.with(DevKeys.ensure(initial).mergeIn(SimulatorSecret.ensure(initial))
        .mergeIn(DevDataKey.ensure(initial)))).run();
  }
}
