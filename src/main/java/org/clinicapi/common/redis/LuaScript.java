package org.clinicapi.common.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run atomically in Redis, sent by digest (EVALSHA) and loaded again when Redis answers
 * NOSCRIPT (after a restart or a SCRIPT FLUSH), so the script text crosses the wire only then.
 */
final class LuaScript {
  private final String text;
  private final String sha;

  LuaScript(String text) {
    this.text = text;
    this.sha = sha1(text);
  }

  /** Runs the script on one key with the given arguments. */
  Future<Response> run(RedisAPI redis, String key, String... args) {
    return redis.evalsha(command(sha, key, args))
        .recover(e -> isNoScript(e) ? redis.eval(command(text, key, args)) : Future.failedFuture(e));
  }

  private static List<String> command(String script, String key, String... args) {
    List<String> command = new ArrayList<>(3 + args.length);
    command.add(script);
    command.add("1");
    command.add(key);
    command.addAll(List.of(args));
    return command;
  }

  private static boolean isNoScript(Throwable e) {
    // Redis error replies start with their error code; NOSCRIPT is part of the protocol.
    return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
