package org.clinicapi.common.net;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Per process, for the HTTP ports that ask for it ({@link #protect}): a connection must bring its first request
 * head within the header timeout of being accepted, or it is closed (slowloris); and one client IP holds at most
 * so many connections at once, extras closed as soon as they are accepted. Sees every accepted socket through
 * {@link GuardedTransport}, so it counts the ones that never send a byte too. Costs one scheduled task per
 * connection, cancelled when the HTTP verticle reports the first request ({@link #headArrived}); none per request.
 * Thread-safe: channels of every event loop share the counts.
 */
public final class ConnectionGuard implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String KEY = "clinic.connection-guard";

  private final Map<Integer, Policy> policies = new ConcurrentHashMap<>();
  private final Map<String, Integer> openPerIp = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> awaitingHead = new ConcurrentHashMap<>();

  private record Policy(long headerTimeoutMs, int maxPerIp) {
  }

  /** Makes {@code guard} findable through {@link #of(Vertx)}; called once by whoever built the Vertx around it. */
  public static void register(Vertx vertx, ConnectionGuard guard) {
    vertx.sharedData().getLocalMap(KEY).put(KEY, guard);
  }

  /** The guard this Vertx's transport consults, or null when the Vertx was built without one. */
  public static ConnectionGuard of(Vertx vertx) {
    return vertx.sharedData().getLocalMap(KEY).get(KEY) instanceof ConnectionGuard guard ? guard : null;
  }

  /** Guards the HTTP listener on {@code port}; {@code maxPerIp} 0 = no cap. Connections accepted earlier are not guarded. */
  public void protect(int port, long headerTimeoutMs, int maxPerIp) {
    policies.put(port, new Policy(headerTimeoutMs, maxPerIp));
  }

  /** The first request head of {@code connection} arrived: its deadline is off, the idle timeout governs it from now on. */
  public void headArrived(HttpConnection connection) {
    if (awaitingHead.isEmpty()) {
      return;
    }
    SocketAddress remote = connection.remoteAddress();
    ScheduledFuture<?> deadline = awaitingHead.remove(key(remote.hostAddress(), remote.port(), connection.localAddress().port()));
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** Every channel an HTTP server accepts, on its event loop, before Vert.x sees it; false when it was closed. */
  boolean admit(Channel channel) {
    if (!(channel.localAddress() instanceof InetSocketAddress local) || !(channel.remoteAddress() instanceof InetSocketAddress remote)) {
      return true;
    }
    Policy policy = policies.get(local.getPort());
    if (policy == null) {
      return true;
    }
    String ip = remote.getAddress().getHostAddress();
    String ipKey = local.getPort() + "/" + ip;
    int open = openPerIp.merge(ipKey, 1, Integer::sum);
    channel.closeFuture().addListener(f -> openPerIp.computeIfPresent(ipKey, (k, n) -> n <= 1 ? null : n - 1));
    if (policy.maxPerIp() > 0 && open > policy.maxPerIp()) {
      LOG.debug("closed a connection over the cap of {} per IP", policy.maxPerIp());
      channel.close();
      return false;
    }
    String key = key(ip, remote.getPort(), local.getPort());
    ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> expire(key, channel), policy.headerTimeoutMs(), TimeUnit.MILLISECONDS);
    awaitingHead.put(key, deadline);
    channel.closeFuture().addListener(f -> {
      if (awaitingHead.remove(key, deadline)) {
        deadline.cancel(false);
      }
    });
    return true;
  }

  private void expire(String key, Channel channel) {
    if (awaitingHead.remove(key) != null) {
      LOG.debug("closed a connection whose first request head did not arrive in time");
      channel.close();
    }
  }

  /** Remote address and local port name one TCP connection, on the Netty side and in Vert.x alike. */
  private static String key(String remoteIp, int remotePort, int localPort) {
    return remoteIp + ':' + remotePort + '>' + localPort;
  }
}
