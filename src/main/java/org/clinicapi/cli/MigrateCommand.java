package org.clinicapi.cli;

import org.clinicapi.Main;
import org.clinicapi.common.db.Migrations;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Applies pending migrations and exits; for release pipelines that migrate before rolling out. */
@Command(name = "migrate", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Apply database migrations and exit.")
public final class MigrateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    try (Settings settings = Settings.load()) {
      Migrations.migrate(settings.config().database());
      return 0;
    }
  }
}
