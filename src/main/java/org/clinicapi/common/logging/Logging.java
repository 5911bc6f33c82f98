package org.clinicapi.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.clinicapi.config.LogFormat;
import org.slf4j.LoggerFactory;

import java.net.URL;

/** Applies LOG_FORMAT once the configuration is known (logback starts before it is). */
public final class Logging {
  private Logging() {
  }

  /**
   * Writes the lines still queued and stops logging: the last thing before the process exits (the appender's
   * writer is a daemon thread, so what it has not written yet would be lost).
   */
  public static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  public static void configure(LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    String wanted = format.name().toLowerCase();
    if (wanted.equals(context.getProperty("LOG_FORMAT"))) {
      return;
    }
    URL xml = Logging.class.getClassLoader().getResource("logback.xml");
    if (xml == null) {
      return;
    }
    context.reset();
    context.putProperty("LOG_FORMAT", wanted);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(xml);
    } catch (JoranException e) {
      throw new IllegalStateException("logback.xml is broken", e);
    }
  }
}
