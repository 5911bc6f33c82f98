package org.clinicapi.communications;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.clinicapi.config.CommunicationsConfig;
import org.clinicapi.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two transports and their circuit breakers. E-mail: SMTP when SMTP_HOST is set, else (dev) files.
 * SMS: Twilio when its settings are complete, else files in dev and a permanent SMS_NOT_CONFIGURED in prod.
 * A breaker opens after {@link #MAX_FAILURES} transient failures in a row and tries one send again after
 * COMMUNICATIONS_BREAKER_RESET_MS; permanent failures (the message's own fault) do not count.
 */
final class Transports {
  static final int MAX_FAILURES = 5;
  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

  private final Mailer mail;
  private final SmsSender sms;
  private final String smsMode;
  private final CircuitBreaker mailBreaker;
  private final CircuitBreaker smsBreaker;

  private Transports(Vertx vertx, Mailer mail, SmsSender sms, String smsMode, CommunicationsConfig.Outbox outbox) {
    this.mail = mail;
    this.sms = sms;
    this.smsMode = smsMode;
    this.mailBreaker = breaker(vertx, "email", outbox);
    this.smsBreaker = breaker(vertx, "sms", outbox);
    MeterRegistry registry = Metrics.registry(vertx);
    if (registry != null) {
      gauge(registry, "email", mailBreaker);
      gauge(registry, "sms", smsBreaker);
    }
  }

  /** 0 closed, 1 half-open, 2 open: an alert on "2 for minutes" means messages are waiting. */
  private static void gauge(MeterRegistry registry, String transport, CircuitBreaker breaker) {
    Gauge.builder("clinic_communications_breaker_state", breaker, b -> switch (b.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    }).tag("transport", transport).description("Circuit breaker of an outbound transport: 0 closed, 1 half-open, 2 open")
        .register(registry);
  }

  /** Call on the verticle's event loop (the breakers belong to it); the Twilio client is built on {@code worker}. */
  static Future<Transports> create(Vertx vertx, WorkerExecutor worker, CommunicationsConfig config, Path dataDir, boolean dev) {
    int timeoutMs = config.outbox().sendTimeoutMs();
    Mailer mail = config.smtp().configured() ? new SmtpMailer(vertx, config.smtp(), timeoutMs) : new MailFiles(vertx, dataDir.resolve("mail"));
    Future<SmsSender> sms;
    String mode;
    if (config.twilio().configured()) {
      // Building the SDK's HTTP client reads trust stores: not on an event loop.
      sms = worker.executeBlocking(() -> new TwilioSms(worker, config.twilio(), timeoutMs));
      mode = "twilio";
    } else if (dev) {
      sms = Future.succeededFuture(new SmsFiles(worker, dataDir.resolve("sms")));
      mode = "files";
    } else {
      sms = Future.succeededFuture((id, to, body) -> Future.failedFuture(DeliveryException.permanent("SMS_NOT_CONFIGURED")));
      mode = "disabled";
    }
    return sms.map(sender -> new Transports(vertx, mail, sender, mode, config.outbox()));
  }

  private static CircuitBreaker breaker(Vertx vertx, String name, CommunicationsConfig.Outbox outbox) {
    CircuitBreaker breaker = CircuitBreaker.create("communications-" + name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(MAX_FAILURES).setTimeout(outbox.sendTimeoutMs()).setResetTimeout(outbox.breakerResetMs()));
    breaker.failurePolicy(f -> f.failed() && !(f.cause() instanceof DeliveryException d && d.permanent()));
    breaker.openHandler(v -> LOG.warn("{} circuit breaker open: rows wait in the outbox", name))
        .halfOpenHandler(v -> LOG.info("{} circuit breaker half-open: trying one send", name))
        .closeHandler(v -> LOG.info("{} circuit breaker closed", name));
    return breaker;
  }

  Mailer mail() {
    return mail;
  }

  SmsSender sms() {
    return sms;
  }

  CircuitBreaker breaker(String channel) {
    return channel.equals("sms") ? smsBreaker : mailBreaker;
  }

  /** The channels worth claiming rows for now: an open breaker's rows stay queued, untouched. */
  List<String> channelsNotOpen() {
    List<String> channels = new ArrayList<>(2);
    if (mailBreaker.state() != CircuitBreakerState.OPEN) {
      channels.add("email");
    }
    if (smsBreaker.state() != CircuitBreakerState.OPEN) {
      channels.add("sms");
    }
    return channels;
  }

  /** For /health and /metrics: each transport's mode and breaker state; no hosts, no secrets. */
  JsonObject status() {
    return new JsonObject()
        .put("email", new JsonObject().put("mode", mail instanceof SmtpMailer ? "smtp" : "files").put("breaker", state(mailBreaker)))
        .put("sms", new JsonObject().put("mode", smsMode).put("breaker", state(smsBreaker)));
  }

  private static String state(CircuitBreaker breaker) {
    return breaker.state().name().toLowerCase();
  }

  Future<Void> close() {
    mailBreaker.close();
    smsBreaker.close();
    return mail.close().timeout(5, TimeUnit.SECONDS).otherwise((Void) null);
  }
}
