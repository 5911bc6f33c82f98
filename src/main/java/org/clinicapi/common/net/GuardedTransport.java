package org.clinicapi.common.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;

import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * A Vert.x transport (native epoll or NIO, see {@code VertxFactory}) with one addition: every channel an HTTP server accepts passes the
 * {@link ConnectionGuard} before Vert.x sees it. Vert.x has no accept hook of its own: with h2c enabled, an
 * HTTP/1.1 connection reaches {@code HttpServer.connectionHandler} only once its first request head is
 * complete — too late to time that head, and blind to sockets that never send one. Everything else is
 * delegated unchanged. Implements the public {@link io.vertx.core.transport.Transport} too, for
 * {@code VertxBuilder.withTransport}.
 */
public final class GuardedTransport implements Transport, io.vertx.core.transport.Transport {
  private final String name;
  private final Transport delegate;
  private final ConnectionGuard guard;

  /** {@code delegate}: the transport that does the work; it must be {@linkplain io.vertx.core.transport.Transport#available() available}. */
  public GuardedTransport(ConnectionGuard guard, io.vertx.core.transport.Transport delegate) {
    this.guard = guard;
    this.name = delegate.name();
    this.delegate = delegate.implementation();
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    delegate.configure(options, domainSocket, bootstrap);
    // Vert.x sets its child handler before this call; ours runs first, then hands the channel on.
    if (options instanceof HttpServerOptions && !domainSocket) {
      bootstrap.childHandler(new Admission(guard, bootstrap.config().childHandler()));
    }
  }

  /** Shared by every accepted channel of one listener: the guard decides, then Vert.x's own initializer runs. */
  @ChannelHandler.Sharable
  private static final class Admission extends ChannelInitializer<Channel> {
    private final ConnectionGuard guard;
    private final ChannelHandler vertx;

    Admission(ConnectionGuard guard, ChannelHandler vertx) {
      this.guard = guard;
      this.vertx = vertx;
    }

    @Override
    protected void initChannel(Channel channel) {
      if (guard.admit(channel)) {
        channel.pipeline().addLast(vertx);
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean available() {
    return delegate.isAvailable();
  }

  @Override
  public Transport implementation() {
    return this;
  }

  @Override
  public boolean supportsDomainSockets() {
    return delegate.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return delegate.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return delegate.unavailabilityCause();
  }

  @Override
  public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return delegate.ioHandlerFactory();
  }

  @Override
  public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
    return delegate.eventLoopGroup(type, threads, factory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return delegate.datagramChannel();
  }

  /** The SPI's signature names Netty's deprecated protocol family; delegated as is. */
  @Override
  @SuppressWarnings("deprecation")
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return delegate.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return delegate.channelFactory(domainSocket);
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    return delegate.serverChannelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    delegate.configure(channel, options);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    delegate.configure(options, connectTimeout, domainSocket, bootstrap);
  }
}
