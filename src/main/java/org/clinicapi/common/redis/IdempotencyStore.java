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
 * <p>A running claim carries a random token and expires on its own after {@code runningTtlMs}, so a node
 * that dies mid-request cannot wedge the key for a day; complete and release act only while the token is
 * still the holder's (a claim that expired and was taken over by a retry is left to the retry).
 */
public final class IdempotencyStore {
  /** How long a completed answer is replayed. */
  public static final long RETAIN_MS = TimeUnit.HOURS.toMillis(24);

  private static final LuaScript CLAIM = new LuaScript("""
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
  private static final LuaScript RELEASE = new LuaScript("""
      if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
      return redis.call('DEL', KEYS[1])
      """);

  private final RedisAPI redis;
  private final String keyPrefix;
  private final String runningTtlMs;
  private final String retainMs = Long.toString(RETAIN_MS);
  private final long timeoutMs;

  /**
   * @param runningTtlMs how long an unanswered claim blocks its key; longer than the HTTP request timeout
   * @param timeoutMs    how long one Redis call may take before the caller treats Redis as down
   */
  public IdempotencyStore(RedisAPI redis, String keyPrefix, long runningTtlMs, long timeoutMs) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.runningTtlMs = Long.toString(runningTtlMs);
    this.timeoutMs = timeoutMs;
  }

  /** Claims {@code key} for a request with fingerprint {@code requestHash}, or says why it cannot run. */
  public Future<Claim> claim(String scope, String key, String requestHash) {
    String token = Ids.random().toString();
    return CLAIM.run(redis, redisKey(scope, key), requestHash, token, runningTtlMs)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(reply -> Claim.from(reply, token));
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
    static Claim from(Response reply, String token) {
      Outcome outcome = Outcome.valueOf(reply.get(0).toString());
      return switch (outcome) {
        case NEW -> new Claim(outcome, token, 0, null);
        case REPLAY -> new Claim(outcome, null, reply.get(1).toInteger(), reply.get(2).toBuffer());
        default -> new Claim(outcome, null, 0, null);
      };
    }
  }

  /** The four ways a claim can go. */
  public enum Outcome { NEW, REPLAY, MISMATCH, IN_PROGRESS }
}
