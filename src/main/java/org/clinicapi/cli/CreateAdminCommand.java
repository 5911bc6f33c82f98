package org.clinicapi.cli;

import org.clinicapi.Main;
import org.clinicapi.auth.NewUser;
import org.clinicapi.auth.api.PasswordPolicy;
import org.clinicapi.auth.api.Role;
import org.clinicapi.auth.passwords.PasswordHasher;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.db.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Creates the first superadmin; the password comes from standard input, never from the command line. */
@Command(name = "create-admin", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Create a superadmin account (password read from standard input).")
public final class CreateAdminCommand implements Callable<Integer> {
  /** SQLSTATE unique_violation: the e-mail is taken. */
  private static final String UNIQUE_VIOLATION = "23505";

  @Option(names = "--email", required = true, description = "E-mail address of the new superadmin")
  String email;

  @Option(names = "--name", defaultValue = "Administrator", description = "Display name")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    Optional<FieldError> weak = PasswordPolicy.check("password", password, email);
    if (weak.isPresent()) {
      spec.commandLine().getErr().println("password " + weak.get().message());
      return 1;
    }
    try (Settings settings = Settings.load()) {
      Migrations.migrate(settings.config().database());
      if (!created(settings, password)) {
        spec.commandLine().getErr().println("an account with that e-mail already exists");
        return 1;
      }
    }
    spec.commandLine().getOut().println("superadmin created: " + email);
    return 0;
  }

  /** False when the e-mail is taken: the unique constraint decides, as it does for every other account. */
  private boolean created(Settings settings, String password) throws SQLException {
    NewUser admin = NewUser.withPassword(email.trim().toLowerCase(), name, null, Role.SUPERADMIN,
        PasswordHasher.hashBlocking(password), true);
    try (Connection c = Jdbc.open(settings.config().database())) {
      admin.insert(c);
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }
}
