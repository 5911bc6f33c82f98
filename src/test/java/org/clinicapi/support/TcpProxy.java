package org.clinicapi.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of PostgreSQL or Redis that a test can cut (close the port and every connection)
 * and restore, to see how the server behaves while a dependency is unreachable; or stall (connections
 * stay open, new ones are accepted, nothing is forwarded either way) and resume, to see it while a
 * dependency hangs like a stopped process.
 */
public final class TcpProxy implements AutoCloseable {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private NetServer server;
  private volatile boolean stalled;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) throws Exception {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = TestServer.freePort();
    up();
  }

  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  public void up() throws Exception {
    server = vertx.createNetServer().connectHandler(this::relay);
    server.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  public void down() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  /** From now on nothing is read from either side: bytes wait in the kernel's buffers, as with a stopped process. */
  public void stall() {
    stalled = true;
    sockets.forEach(NetSocket::pause);
  }

  /** Forwarding goes on where it stopped. */
  public void resume() {
    stalled = false;
    sockets.forEach(NetSocket::resume);
  }

  private void relay(NetSocket client) {
    accepted.incrementAndGet();
    client.pause();
    sockets.add(client);
    client.closeHandler(v -> sockets.remove(client));
    vertx.createNetClient().connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        client.close();
        return;
      }
      NetSocket backend = ar.result();
      sockets.add(backend);
      client.closeHandler(v -> {
        sockets.remove(client);
        backend.close();
      });
      backend.closeHandler(v -> {
        sockets.remove(backend);
        client.close();
      });
      client.pipeTo(backend);
      backend.pipeTo(client);
      if (stalled) {
        // pipeTo resumed both sides: a connection made while stalled forwards nothing until resume().
        client.pause();
        backend.pause();
      }
    });
  }

  @Override
  public void close() throws Exception {
    down();
  }

}
