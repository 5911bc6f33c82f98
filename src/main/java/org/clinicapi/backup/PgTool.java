package org.clinicapi.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL client binary (pg_restore, pg_dump), found in {@code PG_BIN} when that is given, else on the
 * {@code PATH}, and run with an argument list (never through a shell, so no argument is ever interpreted).
 */
public final class PgTool {
  /** What a run printed (standard output and error together) and how it ended. */
  public record Result(int exitCode, List<String> output) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** The last {@code n} lines: where a client tool says why it stopped. */
    public List<String> tail(int n) {
      return output.subList(Math.max(0, output.size() - n), output.size());
    }
  }

  private final Path executable;

  private PgTool(Path executable) {
    this.executable = executable;
  }

  /**
   * {@code pgBin}: a directory to look in first and only (null or empty: the PATH). Fails with a message naming
   * where it looked when the binary is not there.
   */
  public static PgTool find(String name, String pgBin) {
    if (pgBin != null && !pgBin.isBlank()) {
      Path candidate = Path.of(pgBin, name);
      if (Files.isExecutable(candidate)) {
        return new PgTool(candidate);
      }
      throw new IllegalStateException(name + " not found in PG_BIN (" + pgBin + ")");
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return new PgTool(Path.of(dir, name));
      }
    }
    throw new IllegalStateException(name + " not found on the PATH: install the PostgreSQL client tools or set PG_BIN");
  }

  public Path executable() {
    return executable;
  }

  /** Runs to the end, collecting its output; {@code env} is added to this process's environment. */
  public Result run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output.lines().toList());
  }
}
