package org.clinicapi.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails the build when anything blocks a Vert.x event-loop thread. BlockHound (installed for the test
 * JVM by blockhound-junit-platform) reports each blocking call here; the error it throws inside the event
 * loop may be swallowed by the code under test, so every test also fails afterwards if any was recorded.
 */
public final class BlockingGuard implements BlockHoundIntegration, AfterEachCallback {
  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.nonBlockingThreadPredicate(current -> current.or(t -> t.getName().startsWith("vert.x-eventloop-thread")));
    // SecureRandom (NativePRNG) reads /dev/urandom, which never blocks once the kernel pool is seeded;
    // libraries draw ids from it at startup (the Redis client's pool name).
    builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
    // Vertx.close() shuts its worker pools down from an event loop; ThreadPoolExecutor.shutdownNow takes the
    // queue's lock for an instant. Reporting it would throw inside close(), which then never completes.
    builder.allowBlockingCallsInside("io.vertx.core.internal.WorkerPool", "close");
    // executeBlocking hands work to a worker pool; starting a pool thread takes ThreadPoolExecutor's mainLock
    // for an instant and parks only if another thread holds it at that moment (seen on server start-up).
    builder.allowBlockingCallsInside("io.vertx.core.impl.ExecuteBlocking", "executeBlocking");
    // A future completed on an event loop (an acceptor closing a listener) whose listener belongs to a worker
    // context (the metrics verticle's server) is queued on that worker pool: the same instant of queue lock.
    builder.allowBlockingCallsInside("io.vertx.core.impl.WorkerExecutor", "execute");
    // Netty's adaptive allocator frees a magazine under its StampedLock for an instant (as Netty's own
    // integration already allows for the pooled allocator's PoolArena/PoolChunk locks).
    builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    // Vert.x's AsyncFile hands each read and write to the JDK's AsynchronousFileChannel thread pool; queueing
    // the task takes the pool queue's lock for an instant (as with executeBlocking above). The I/O itself runs
    // on that pool, not on the event loop. Used by file uploads and downloads.
    builder.allowBlockingCallsInside("io.vertx.core.file.impl.AsyncFileImpl", "writeInternal");
    builder.allowBlockingCallsInside("io.vertx.core.file.impl.AsyncFileImpl", "doRead");
    // Jackson builds the (de)serializer of a bus payload type once, under its cache's lock; two event loops
    // meeting there the first time a type is encoded wait an instant (BusCodec's clustered path).
    builder.allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
    builder.allowBlockingCallsInside("com.fasterxml.jackson.databind.SerializerProvider", "_createAndCacheUntypedSerializer");
    builder.blockingMethodCallback(method -> {
      String where = method + " on " + Thread.currentThread().getName();
      VIOLATIONS.add(where);
      throw new BlockingOperationError(method);
    });
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!VIOLATIONS.isEmpty()) {
      List<String> found = List.copyOf(VIOLATIONS);
      VIOLATIONS.clear();
      throw new AssertionError("an event-loop thread blocked: " + found);
    }
  }

  /** For the test that proves this guard works: takes what was recorded, so that test itself passes. */
  public static List<String> drain() {
    List<String> found = List.copyOf(VIOLATIONS);
    VIOLATIONS.clear();
    return found;
  }
}
