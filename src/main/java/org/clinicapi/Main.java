package org.clinicapi;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import org.clinicapi.auth.DevKeys;
import org.clinicapi.cli.CreateAdminCommand;
import org.clinicapi.cli.MigrateCommand;
import org.clinicapi.cli.SeedCommand;
import org.clinicapi.cli.ServeCommand;
import org.clinicapi.common.db.Migrations;
import org.clinicapi.config.AppConfig;
import org.clinicapi.config.ConfigException;
import org.clinicapi.database.DatabaseVerticle;
import org.clinicapi.health.HealthMonitor;
import org.clinicapi.health.HealthVerticle;
import org.clinicapi.http.HttpVerticle;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The command line, and the only place that deploys: migrate (blocking, on a worker), then the verticles
 * in order — database, (later: communications, payments, jobs), HTTP last — each failing the whole
 * start when its own start fails.
 */
@Command(name = "clinic-api", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Clinic API server.", subcommands = {ServeCommand.class, MigrateCommand.class, CreateAdminCommand.class,
        SeedCommand.class})
public final class Main implements Callable<Integer> {
  /** What --version prints, for the top command and every subcommand (each has its own --help and --version). */
  public static final String VERSION = "clinic-api 0.1.0";
  /** Exit code for configuration that is missing or unsafe. */
  public static final int BAD_CONFIG = 2;

  public static void main(String[] args) {
    int code = run(args);
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

  /** Migrates the database (and in dev makes sure a signing key exists), then deploys every verticle. */
  public static Future<Deployment> deploy(Vertx vertx, AppConfig initial) {
    List<String> backends = new ArrayList<>();
    int loops = Runtime.getRuntime().availableProcessors();
    AppConfig config = initial.with(DevKeys.ensure(initial));
    HealthMonitor health = new HealthMonitor(config.health().staleAfterMs());
    return vertx.executeBlocking(() -> Migrations.migrate(config.database()))
        .compose(version -> vertx.deployVerticle(() -> new DatabaseVerticle(config, version, Features.all()), options(loops)))
        .compose(id -> {
          backends.add(id);
          return vertx.deployVerticle(() -> new HealthVerticle(config, health), options(1));
        })
        .compose(id -> {
          backends.add(id);
          int instances = config.http().instances() == 0 ? loops : config.http().instances();
          return vertx.deployVerticle(() -> new HttpVerticle(config, Features::http, health), options(instances));
        })
        .map(httpId -> new Deployment(vertx, httpId, List.copyOf(backends), config.http().shutdownDrainMs()));
  }

  /** Verticles get their typed settings through their constructors: parsed once per process, never re-read. */
  private static DeploymentOptions options(int instances) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP).setInstances(instances);
  }
}
