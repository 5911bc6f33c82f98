package org.clinicapi.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.clinicapi.common.RequestId;
import org.slf4j.MDC;
import org.slf4j.Marker;

import java.util.Objects;

/**
 * Copies the request id of the current Vert.x context into the MDC on the logging thread, just before
 * the event is built. Thread-local MDC alone cannot work on an event loop that interleaves many
 * requests; the context local follows the request instead.
 */
public final class RequestIdTurboFilter extends TurboFilter {
  public static final String KEY = "requestId";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // Runs for every logging call, enabled or not: vert.x asks isTraceEnabled() several times per request.
    // Below the logger's level no event is built, so there is no MDC to fill.
    if (level != null && level.levelInt < logger.getEffectiveLevel().levelInt) {
      return FilterReply.NEUTRAL;
    }
    // Logback copies the MDC map into the next event after any change, so it is changed only when the
    // request id differs from the one already there.
    String requestId = RequestId.current();
    if (!Objects.equals(requestId, MDC.get(KEY))) {
      if (requestId == null) {
        MDC.remove(KEY);
      } else {
        MDC.put(KEY, requestId);
      }
    }
    return FilterReply.NEUTRAL;
  }
}
