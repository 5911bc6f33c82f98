package org.clinicapi.seed;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr (redrawn with a carriage return, at most ten times a second), so
 * stdout stays free for results. Not thread-safe: the seed runs on one thread.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final long total;
  private final long started = System.nanoTime();
  private long done;
  private long drawnAt;
  private String phase = "";

  Progress(PrintStream out, long total) {
    this.out = out;
    this.total = Math.max(1, total);
  }

  void phase(String name) {
    phase = name;
    draw(true);
  }

  void advance(long units) {
    done += units;
    draw(false);
  }

  void finish() {
    done = total;
    phase = "done";
    draw(true);
    out.println();
    out.flush();
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - drawnAt < 100_000_000L) {
      return;
    }
    drawnAt = now;
    int filled = (int) (WIDTH * Math.min(done, total) / total);
    out.printf("\r[%s%s] %3d%% %-14s %5.1fs", "#".repeat(filled), ".".repeat(WIDTH - filled),
        100 * Math.min(done, total) / total, phase, (now - started) / 1e9);
    out.flush();
  }
}
