package org.clinicapi.cli;

import org.clinicapi.Main;
import org.clinicapi.auth.api.PasswordPolicy;
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
import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Creates the first superadmin; the password comes from standard input, never from the command line. */
@Command(name = "create-admin", mixinStandardHelpOptions = true, version = Main.VERSION,
    description = "Create a superadmin account (password read from standard input).")
public final class CreateAdminCommand implements Callable<Integer> {
  private static final String INSERT = """
      INSERT INTO users (email, name, role, password_hash, email_verified) VALUES (?, ?, 'superadmin', ?, true)
      ON CONFLICT (email) DO NOTHING
      """;

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
      try (Connection c = Jdbc.open(settings.config().database()); PreparedStatement insert = c.prepareStatement(INSERT)) {
        insert.setString(1, email.trim().toLowerCase());
        insert.setString(2, name);
        insert.setString(3, PasswordHasher.hashBlocking(password));
        if (insert.executeUpdate() == 0) {
          spec.commandLine().getErr().println("an account with that e-mail already exists");
          return 1;
        }
      }
    }
    spec.commandLine().getOut().println("superadmin created: " + email);
    return 0;
  }
}
