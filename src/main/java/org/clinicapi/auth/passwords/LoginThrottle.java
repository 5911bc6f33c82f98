package org.clinicapi.auth.passwords;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.redis.RateLimiter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Failed sign-ins counted per account and per IP in Redis (N in a window → 429 with Retry-After). Unlike
 * the global limit this fails closed: without Redis, guessing passwords would be unthrottled, so 503. Every
 * call gives up after REDIS_TIMEOUT_MS: a hung Redis costs a sign-in that long, not the request timeout.
 * Accounts are keyed by a hash of the e-mail, never the address itself.
 */
public final class LoginThrottle {
  private final RedisAPI redis;
  private final RateLimiter failures;
  private final String prefix;
  private final int maxFailures;
  private final long timeoutMs;

  public LoginThrottle(RedisAPI redis, String keyPrefix, int maxFailures, int windowSeconds, long timeoutMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.prefix = keyPrefix + "login-fail:";
    this.maxFailures = maxFailures;
    this.failures = new RateLimiter(redis, this.prefix, maxFailures, windowSeconds * 1000L);
  }

  /** Fails with 429 when either counter is spent, 503 when Redis cannot say. */
  public Future<Void> check(String ip, String email) {
    String ipKey = prefix + "ip:" + ip;
    String accountKey = prefix + "acct:" + digest(email);
    return redis.mget(List.of(ipKey, accountKey)).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(unavailable()))
        .compose(counts -> spent(counts.get(0)) ? limited(ipKey) : spent(counts.get(1)) ? limited(accountKey) : Future.succeededFuture());
  }

  public Future<Void> recordFailure(String ip, String email) {
    return Future.all(failures.hit("ip:" + ip), failures.hit("acct:" + digest(email))).<Void>mapEmpty()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(unavailable()));
  }

  public Future<Void> reset(String email) {
    return redis.del(List.of(prefix + "acct:" + digest(email))).<Void>mapEmpty().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture());
  }

  private boolean spent(Response count) {
    return count != null && count.toLong() >= maxFailures;
  }

  private Future<Void> limited(String key) {
    return redis.pttl(key).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(unavailable())).compose(ttl -> {
      long seconds = Math.max(1, (ttl.toLong() + 999) / 1000);
      return Future.failedFuture(ServiceException.retryAfter(ErrorCode.RATE_LIMITED,
          "Too many failed sign-ins. Try again in " + seconds + " s.", seconds));
    });
  }

  private static ServiceException unavailable() {
    return ServiceException.unavailable("Sign-in is temporarily unavailable. Try again shortly.");
  }

  private static String digest(String email) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
