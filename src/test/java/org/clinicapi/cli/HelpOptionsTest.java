package org.clinicapi.cli;

import org.clinicapi.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every command answers --help and --version with its usage and exit code 0, without running")
class HelpOptionsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  /** picocli prints help to System.out as it is when the command line is built, i.e. in each Main.run. */
  @BeforeEach
  void captureStdout() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStdout() {
    System.setOut(originalOut);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"serve", "migrate", "create-admin", "seed"})
  @DisplayName("<command> --help prints the command's usage and exits 0 (create-admin despite its required --email)")
  void subcommandHelpPrintsUsage(String command) {
    int code = Main.run(command, "--help");
    assertThat(code).isEqualTo(0);
    assertThat(printed()).startsWith("Usage: clinic-api " + command).contains("--help").contains("--version");
  }

  @Test
  @DisplayName("seed --help lists seed's own options")
  void seedHelpListsOptions() {
    assertThat(Main.run("seed", "-h")).isEqualTo(0);
    assertThat(printed()).contains("--patients", "--appointments", "--tokens");
  }

  @Test
  @DisplayName("--version at the top prints the version; so does a subcommand's")
  void versionPrinted() {
    assertThat(Main.run("--version")).isEqualTo(0);
    assertThat(printed()).isEqualTo(Main.VERSION + System.lineSeparator());
    out.reset();
    assertThat(Main.run("seed", "--version")).isEqualTo(0);
    assertThat(printed()).isEqualTo(Main.VERSION + System.lineSeparator());
  }

  @Test
  @DisplayName("--help at the top lists every command")
  void topHelpListsCommands() {
    assertThat(Main.run("--help")).isEqualTo(0);
    assertThat(printed()).startsWith("Usage: clinic-api").contains("serve", "migrate", "create-admin", "seed");
  }
}
