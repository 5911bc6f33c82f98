package org.clinicapi.backup;

import io.vertx.pgclient.PgConnectOptions;
import org.clinicapi.config.DatabaseConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server as the client tools and this tool address it: host, port, user and password of a
 * {@code postgresql://} URL, another database on the same server, and the URL as it may be printed (password
 * masked). The password reaches pg_restore in its environment ({@code PGPASSWORD}), never on its command line.
 */
public record PgServer(String host, int port, String user, String password, String database) {

  public static PgServer of(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    // The client's options fill a URL without a password with a default one ("pass"): only a password the URL has counts.
    return new PgServer(o.getHost(), o.getPort(), o.getUser(), hasPassword(url) ? o.getPassword() : null, o.getDatabase());
  }

  /** user:password@ before the host; an '@' in a password is percent-encoded, so the authority's last '@' ends it. */
  private static boolean hasPassword(String url) {
    int start = url.indexOf("://") + 3;
    int end = url.indexOf('/', start);
    String authority = url.substring(start, end < 0 ? url.length() : end);
    int at = authority.lastIndexOf('@');
    return at > 0 && authority.substring(0, at).contains(":");
  }

  public PgServer on(String otherDatabase) {
    return new PgServer(host, port, user, password, otherDatabase);
  }

  public String url() {
    return url(hasPassword() ? ":" + encode(password) : "");
  }

  /** The URL with its password replaced by {@code ***}: what may appear in output and logs. */
  public String masked() {
    return url(hasPassword() ? ":***" : "");
  }

  /** The same settings as {@code base}, on this server and database, with a small pool (one-shot tools). */
  public DatabaseConfig config(DatabaseConfig base) {
    // No statement timeout: checking a large restored copy may take minutes, and nobody waits on it but the operator.
    return new DatabaseConfig(url(), 2, 1, base.maxWaiters(), base.waitTimeoutMs(), base.pipeliningLimit(), 0, 0);
  }

  /** Connection arguments of the client tools (pg_restore, pg_dump), all but the password. */
  public List<String> clientArgs() {
    return new ArrayList<>(List.of("--host", host, "--port", String.valueOf(port), "--username", user, "--dbname", database,
        "--no-password"));
  }

  public Map<String, String> clientEnv() {
    return hasPassword() ? Map.of("PGPASSWORD", password) : Map.of();
  }

  private boolean hasPassword() {
    return password != null && !password.isEmpty();
  }

  private String url(String secret) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "postgresql://" + encode(user) + secret + "@" + h + ":" + port + "/" + encode(database);
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
