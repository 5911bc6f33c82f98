package org.clinicapi.backup;

import java.util.concurrent.Callable;

/** One line of the report: what was checked, how it came out, and what was found (counts and ids, no patient data). */
public record CheckResult(String name, Status status, String detail) {
  /** INFO reports without judging (the table counts); SKIP says what was not checked and why. */
  public enum Status { OK, FAIL, SKIP, INFO }

  static CheckResult ok(String name, String detail) {
    return new CheckResult(name, Status.OK, detail);
  }

  static CheckResult fail(String name, String detail) {
    return new CheckResult(name, Status.FAIL, detail);
  }

  /** Runs a check; one that cannot run (a missing table, a dropped connection) fails with the reason, alone. */
  static CheckResult guarded(String name, Callable<CheckResult> check) {
    try {
      return check.call();
    } catch (Exception e) {
      return fail(name, "could not be checked: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  public boolean failed() {
    return status == Status.FAIL;
  }

  public String line() {
    return String.format("%-5s %s: %s", status, name, detail);
  }
}
