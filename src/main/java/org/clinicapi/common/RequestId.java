package org.clinicapi.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;


/**
 * The id of the request being served, kept on the Vert.x (duplicated) context of that request so that
 * every callback, log line and event-bus message it causes can carry it. Must be initialised before the
 * first Vertx instance is built ({@link #init()}), as Vert.x requires for context locals.
 */
public final class RequestId {
  public static final String HEADER = "X-Request-Id";
  private static final ContextLocal<String> LOCAL = ContextLocal.registerLocal(String.class);
  private static final int MAX_LENGTH = 128;

  private RequestId() {
  }

  /** Forces registration of the context local. */
  public static void init() {
    // class initialisation does the work
  }

  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : LOCAL.get(context);
  }

  public static void set(Context context, String requestId) {
    LOCAL.put(context, requestId);
  }

  /** The client's id when it is sane (length, characters), else a fresh one. */
  public static String acceptOrGenerate(String candidate) {
    return isSane(candidate) ? candidate : Ids.random().toString();
  }

  static boolean isSane(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
