package org.clinicapi.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may go (SSRF). The URL must be https (plain http only where private targets are allowed:
 * a development or test receiver), with a host and no user info; its host is resolved, and every address it
 * resolves to must be public ({@link AddressPolicy}) unless WEBHOOK_ALLOW_PRIVATE_TARGETS. Checked when a
 * subscription is created and again before every delivery (DNS can change); a delivery then connects to the
 * address checked here, never to a fresh lookup, so a rebinding answer in between cannot redirect it.
 * Resolution is blocking (the JDK resolver, which also reads /etc/hosts): it runs on a small worker pool.
 */
public final class TargetGuard {
  static final int MAX_URL = 2048;
  private static final String DNS_POOL = "clinic-webhook-dns";
  private static final int DNS_THREADS = 2;

  private final boolean allowPrivate;
  private final WorkerExecutor dns;

  /** Call from a verticle's start: the worker pool closes with that verticle. */
  public TargetGuard(Vertx vertx, boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
    this.dns = vertx.createSharedWorkerExecutor(DNS_POOL, DNS_THREADS);
  }

  /** A checked destination: connect to {@code address}, send {@code host} as Host (and TLS server name). */
  public record Target(String host, int port, boolean https, String requestUri, InetAddress address) {
  }

  /** A refused URL: {@code code} for the deliveries log, {@code message} for the 400's field error. */
  public static final class Refused extends RuntimeException {
    private final String code;

    Refused(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The syntax problem of {@code url} as a field message, or null when it may be resolved. */
  public String syntaxProblem(String url) {
    URI uri = parse(url);
    if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return "must be an absolute URL with a host, without user info or fragment";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      return allowPrivate ? "must be an http or https URL" : "must be an https URL";
    }
    return null;
  }

  /** The checked target, or a failure with {@link Refused}. */
  public Future<Target> resolve(String url) {
    String problem = syntaxProblem(url);
    if (problem != null) {
      return Future.failedFuture(new Refused("invalid_url", problem));
    }
    URI uri = parse(url);
    String host = unbracket(uri.getHost());
    return dns.executeBlocking(() -> InetAddress.getAllByName(host), false)
        .recover(e -> Future.failedFuture(e instanceof UnknownHostException
            ? new Refused("dns_failure", "has a host that does not resolve") : e))
        .compose(addresses -> check(addresses).map(address -> target(uri, host, address)));
  }

  private Future<InetAddress> check(InetAddress[] addresses) {
    if (!allowPrivate) {
      // Every address, not just the first: a client may connect to any of them.
      for (InetAddress address : addresses) {
        String refusal = AddressPolicy.refusal(address);
        if (refusal != null) {
          return Future.failedFuture(new Refused("target_" + refusal, "resolves to a " + refusal + " address ("
              + address.getHostAddress() + "); webhooks may reach public addresses only"));
        }
      }
    }
    return Future.succeededFuture(addresses[0]);
  }

  private static Target target(URI uri, String host, InetAddress address) {
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new Target(host, port, https, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(), address);
  }

  private static URI parse(String url) {
    if (url == null || url.length() > MAX_URL) {
      return null;
    }
    try {
      URI uri = new URI(url);
      return uri.isAbsolute() && !uri.isOpaque() ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
