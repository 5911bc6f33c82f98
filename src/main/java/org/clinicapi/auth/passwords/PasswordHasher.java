package org.clinicapi.auth.passwords;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.clinicapi.common.ServiceException;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane) on a named, bounded worker pool, never an event
 * loop. When the pool and its queue are full the caller gets 503 at once instead of an unbounded wait.
 * A missing account is checked against a dummy hash, so unknown e-mail and wrong password cost the same.
 */
public final class PasswordHasher {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  /** Process-wide: the pool is shared by name, so is its backlog. */
  private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  private static volatile String dummyHash;

  /** Loading the native library reads files: it happens on first use, which is always on a worker thread. */
  private static final class Native {
    static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
  }

  private final WorkerExecutor executor;
  private final int capacity;

  public PasswordHasher(Vertx vertx, int threads, int maxQueued) {
    this.executor = vertx.createSharedWorkerExecutor("password-hashing", threads, 30, TimeUnit.SECONDS);
    this.capacity = threads + maxQueued;
  }

  public Future<String> hash(String password) {
    return run(() -> {
      char[] chars = password.toCharArray();
      try {
        return Native.ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
      } finally {
        Arrays.fill(chars, '\0');
      }
    });
  }

  /** True when the password matches; a null hash (no such account) is checked against a dummy. */
  public Future<Boolean> verify(String hash, String password) {
    return run(() -> {
      char[] chars = password.toCharArray();
      try {
        boolean ok = Native.ARGON2.verify(hash == null ? dummy() : hash, chars);
        return hash != null && ok;
      } finally {
        Arrays.fill(chars, '\0');
      }
    });
  }

  /** For the command line and dev seeding only: blocks the calling thread for the hash. */
  public static String hashBlocking(String password) {
    char[] chars = password.toCharArray();
    try {
      return Native.ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private <T> Future<T> run(java.util.concurrent.Callable<T> work) {
    if (IN_FLIGHT.incrementAndGet() > capacity) {
      IN_FLIGHT.decrementAndGet();
      return Future.failedFuture(ServiceException.unavailable("Too many sign-ins at once. Try again shortly."));
    }
    return executor.executeBlocking(work, false).onComplete(ar -> IN_FLIGHT.decrementAndGet());
  }

  private static String dummy() {
    if (dummyHash == null) {
      dummyHash = Native.ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, "dummy-password-for-timing".toCharArray());
    }
    return dummyHash;
  }
}
