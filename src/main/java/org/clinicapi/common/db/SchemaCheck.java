package org.clinicapi.common.db;

import java.util.List;

/**
 * A database's schema as this build sees it: the version it is at, this build's newest version, how many of this
 * build's migrations it lacks (applied at the server's next start), and what makes it unknown to this build
 * (changed or foreign migrations). Known when there are no problems.
 */
public record SchemaCheck(String version, String latest, int pending, List<String> problems) {
  public boolean known() {
    return problems.isEmpty();
  }

  public boolean current() {
    return known() && pending == 0;
  }
}
