package org.clinicapi.common.redis;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.clinicapi.common.Ids;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys in Redis: one hash per (scope, key) holding the request's fingerprint and, once the
 * first request is answered, its status and body. Every step is one Lua script, so two nodes racing on
 * the same key see exactly one NEW.
 *
 * <p>A running claim is owned: it carries a random token (a fencing token), and renew, complete and release
 * act only while the token is still the owner's (a claim that expired and was taken over by a retry is left
 * to the retry). It is a short lease ({@code leaseMs}) that its owner renews while the request runs, so a
 * claim whose owner died or forgot it frees within seconds.
 *
 * <p>A claim carries a deadline: the moment its caller stops waiting for it. A Redis that stalls still runs
 * the queued command when it wakes; past the deadline the script writes nothing and answers EXPIRED, so a
 * claim nobody waits for never blocks the key. The deadline is this host's clock and the script compares it
 * with Redis's {@code TIME}: the clocks are assumed to agree within {@link #CLOCK_SKEW_MARGIN_MS}, by which
 * the deadline falls before the caller gives up. A Redis clock further behind lets a late claim through, and
 * then it is the lease that frees it; one further ahead refuses claims in time (503, logged as a late claim).
 */
public final class IdempotencyStore {
  /** How long a completed answer is replayed. */
  public static final long RETAIN_MS = TimeUnit.HOURS.toMillis(24);

  /** How long a running claim lives unless its owner renews it. */
  public static final long LEASE_MS = 5_000;
  /** How far this host's clock and Redis's may disagree before the claim deadline stops being exact. */
  public static final long CLOCK_SKEW_MARGIN_MS = 100;

  private static final LuaScript CLAIM = new LuaScript("""
      local time = redis.call('TIME')
      local late = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) - tonumber(ARGV[4])
      if late > 0 then return {'EXPIRED', late} end
      local cur = redis.call('HMGET', KEYS[1], 'state', 'request', 'status', 'body')
      if not cur[1] then
        redis.call('HSET', KEYS[1], 'state', 'running', 'request', ARGV[1], 'token', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {'NEW'}
      end
      if cur[2] ~= ARGV[1] then return {'MISMATCH'} end
      if cur[1] == 'running' then return {'IN_PROGRESS'} end
      return {'REPLAY', cur[3], cur[4]}
      """);
  private static final LuaScript COMPLETE = new LuaScript("""
      if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
      redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[2], 'body', ARGV[3])
      redis.call('HDEL', KEYS[1], 'token')
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return 1
      """);
  private static final LuaScript RENEW = new LuaScript("""
      if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
      return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      """);
  private static final LuaScript RELEASE = new LuaScript("""
      if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
      return redis.call('DEL', KEYS[1])
      """);

  private final RedisAPI redis;
  private final String keyPrefix;
  private final long leaseMs;
  private final String lease;
  private final String retainMs = Long.toString(RETAIN_MS);
  private final long timeoutMs;
  private final long claimWindowMs;

  /**
   * @param leaseMs   how long a running claim blocks its key unless its owner renews it ({@link #LEASE_MS})
   * @param timeoutMs how long one Redis call may take before the caller treats Redis as down
   */
  public IdempotencyStore(RedisAPI redis, String keyPrefix, long leaseMs, long timeoutMs) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.leaseMs = leaseMs;
    this.lease = Long.toString(leaseMs);
    this.timeoutMs = timeoutMs;
    // The margin never takes more than a quarter of the wait, so a short timeout still leaves claims time to run.
    this.claimWindowMs = timeoutMs - Math.min(CLOCK_SKEW_MARGIN_MS, timeoutMs / 4);
  }

  public long leaseMs() {
    return leaseMs;
  }

  /**
   * Claims {@code key} for a request with fingerprint {@code requestHash}, or says why it cannot run. Fails
   * when Redis does not answer in time, or answers that the claim reached it after its deadline
   * ({@link LateClaimException}): either way nothing is left claimed.
   */
  public Future<Claim> claim(String scope, String key, String requestHash) {
    return claim(scope, key, requestHash, System.currentTimeMillis() + claimWindowMs);
  }

  /** {@link #claim(String, String, String)} with an explicit deadline, epoch ms on this host's clock. */
  Future<Claim> claim(String scope, String key, String requestHash, long deadlineEpochMs) {
    String token = Ids.random().toString();
    return CLAIM.run(redis, redisKey(scope, key), requestHash, token, lease, Long.toString(deadlineEpochMs))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(reply -> Claim.from(reply, token));
  }

  /** Extends the running claim holding {@code token} by one lease; false when it is no longer the holder's. */
  public Future<Boolean> renew(String scope, String key, String token) {
    return RENEW.run(redis, redisKey(scope, key), token, lease)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(reply -> reply.toInteger() == 1);
  }

  /** Stores the answer of the claim holding {@code token}, to be replayed for {@link #RETAIN_MS}. */
  public Future<Boolean> complete(String scope, String key, String token, int status, Buffer body) {
    return COMPLETE.run(redis, redisKey(scope, key), token, Integer.toString(status), body.toString(), retainMs)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(reply -> reply.toInteger() == 1);
  }

  /** Drops the claim holding {@code token}, so a retry runs the request again. */
  public Future<Boolean> release(String scope, String key, String token) {
    return RELEASE.run(redis, redisKey(scope, key), token)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(reply -> reply.toInteger() == 1);
  }

  /** The client's key is hashed: it is caller-chosen text, and must not shape or leak into Redis key names. */
  String redisKey(String scope, String key) {
    return keyPrefix + "idem:" + scope + ":" + sha256(key);
  }

  /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    return sha256(Buffer.buffer(text, "UTF-8"));
  }

  /** Hex SHA-256 of {@code bytes}. */
  public static String sha256(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a claim found: NEW (the caller runs and holds {@code token}), or a stored answer, or a refusal. */
  public record Claim(Outcome outcome, String token, int status, Buffer body) {
    static Future<Claim> from(Response reply, String token) {
      String answer = reply.get(0).toString();
      if ("EXPIRED".equals(answer)) {
        return Future.failedFuture(new LateClaimException(reply.get(1).toLong()));
      }
      Outcome outcome = Outcome.valueOf(answer);
      return Future.succeededFuture(switch (outcome) {
        case NEW -> new Claim(outcome, token, 0, null);
        case REPLAY -> new Claim(outcome, null, reply.get(1).toInteger(), reply.get(2).toBuffer());
        default -> new Claim(outcome, null, 0, null);
      });
    }
  }

  /** Redis ran the claim after its deadline and wrote nothing: to the caller, the same as Redis timing out. */
  public static final class LateClaimException extends RuntimeException {
    LateClaimException(long lateMs) {
      super("the claim reached Redis " + lateMs + " ms after its deadline and was not made: Redis is slow, "
          + "or its clock runs ahead of this host's", null, false, false);
    }
  }

  /** The four ways a claim can go. */
  public enum Outcome { NEW, REPLAY, MISMATCH, IN_PROGRESS }
}
