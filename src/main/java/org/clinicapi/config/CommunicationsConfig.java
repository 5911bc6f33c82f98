package org.clinicapi.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything that leaves the server as a message: SMTP, Twilio, the outbox dispatcher's pacing and retry
 * policy, reminders, templates and outbound webhooks. Secrets (SMTP password, Twilio token) never appear in
 * {@link #toString()}.
 */
public record CommunicationsConfig(
    Smtp smtp,
    Twilio twilio,
    Outbox outbox,
    Reminders reminders,
    String appBaseUrl,
    String templatesDir,
    boolean webhookAllowPrivateTargets) {

  /** {@code security}: starttls, tls or none. An empty host means no SMTP (dev writes .eml files instead). */
  public record Smtp(String host, int port, String user, String password, String security, String from) {
    public boolean configured() {
      return !host.isEmpty();
    }

    @Override
    public String toString() {
      return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", from=" + from + "]";
    }
  }

  /** {@code from}: a number or a Messaging Service SID (MG…). {@code apiBase}: where the SDK's requests go. */
  public record Twilio(String accountSid, String authToken, String from, String apiBase, String webhookBaseUrl) {
    public boolean configured() {
      return !accountSid.isEmpty() && !authToken.isEmpty() && !from.isEmpty();
    }

    public boolean messagingService() {
      return from.startsWith("MG");
    }

    @Override
    public String toString() {
      return "Twilio[configured=" + configured() + ", apiBase=" + apiBase + ", webhookBaseUrl=" + webhookBaseUrl + "]";
    }
  }

  /**
   * Dispatcher pacing and retry policy: claim {@code batchSize} rows at a time under a lease of
   * {@code leaseSeconds}; a transient failure is retried after {@code retryBaseSeconds} doubling up to an
   * hour, until {@code maxAttempts} or {@code maxAgeHours}, then dead. {@code pollMs}: the fallback when
   * no wake-up arrives. {@code sendTimeoutMs}: one send, inside its circuit breaker, which opens after
   * five transient failures in a row and lets one send through again after {@code breakerResetMs}.
   */
  public record Outbox(int batchSize, int maxAttempts, int maxAgeHours, int pollMs, int retryBaseSeconds,
      int leaseSeconds, int sendTimeoutMs, int senderThreads, int breakerResetMs) {
  }

  /** Offsets before the start, in ascending order of lead time; quiet hours in location time (SMS only). */
  public record Reminders(List<Duration> offsets, LocalTime quietFrom, LocalTime quietUntil, int jobsIntervalSeconds) {
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([mhd])");
  private static final Pattern QUIET = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

  static CommunicationsConfig read(SettingsReader in, String appBaseUrl) {
    Smtp smtp = new Smtp(in.string("SMTP_HOST"), in.integer("SMTP_PORT", 1, 65535), in.string("SMTP_USER"),
        in.string("SMTP_PASS"), in.string("SMTP_SECURITY").toLowerCase(), in.string("MAIL_FROM"));
    if (!List.of("starttls", "tls", "none").contains(smtp.security())) {
      in.problem("SMTP_SECURITY", "must be starttls, tls or none");
    }
    Twilio twilio = new Twilio(in.string("TWILIO_ACCOUNT_SID"), in.string("TWILIO_AUTH_TOKEN"), in.string("TWILIO_FROM"),
        in.string("TWILIO_API_BASE"), in.string("TWILIO_WEBHOOK_BASE_URL"));
    Outbox outbox = new Outbox(in.integer("OUTBOX_BATCH_SIZE", 1, 500), in.integer("OUTBOX_MAX_ATTEMPTS", 1, 100),
        in.integer("OUTBOX_MAX_AGE_HOURS", 1, 24 * 30), in.integer("OUTBOX_POLL_MS", 50, 600_000),
        in.integer("OUTBOX_RETRY_BASE_SECONDS", 1, 3600), in.integer("OUTBOX_LEASE_SECONDS", 5, 3600),
        in.integer("OUTBOX_SEND_TIMEOUT_MS", 100, 120_000), in.integer("COMMUNICATIONS_WORKER_THREADS", 1, 64),
        in.integer("COMMUNICATIONS_BREAKER_RESET_MS", 100, 3_600_000));
    if (outbox.sendTimeoutMs() * 2L > outbox.leaseSeconds() * 1000L) {
      in.problem("OUTBOX_LEASE_SECONDS", "must be at least twice OUTBOX_SEND_TIMEOUT_MS (a lease outlives its send)");
    }
    CommunicationsConfig config = new CommunicationsConfig(smtp, twilio, outbox, reminders(in), appBaseUrl,
        in.string("TEMPLATES_DIR"), in.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS"));
    if (twilio.configured() && twilio.webhookBaseUrl().isEmpty()) {
      in.problem("TWILIO_WEBHOOK_BASE_URL", "is required with Twilio (status callbacks and signature checks use it)");
    }
    return config;
  }

  private static Reminders reminders(SettingsReader in) {
    List<Duration> offsets = new ArrayList<>();
    for (String item : in.list("REMINDER_OFFSETS")) {
      Matcher m = DURATION.matcher(item);
      if (!m.matches()) {
        in.problem("REMINDER_OFFSETS", "must be durations such as 24h,2h (units m, h, d): " + item);
        continue;
      }
      long n = Long.parseLong(m.group(1));
      offsets.add(switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    offsets.sort(null);
    Matcher quiet = QUIET.matcher(in.string("QUIET_HOURS"));
    LocalTime from = LocalTime.of(21, 0);
    LocalTime until = LocalTime.of(8, 0);
    if (quiet.matches()) {
      try {
        from = LocalTime.parse(quiet.group(1));
        until = LocalTime.parse(quiet.group(2));
      } catch (java.time.format.DateTimeParseException e) {
        in.problem("QUIET_HOURS", "must be HH:MM-HH:MM, e.g. 21:00-08:00");
      }
    } else if (!in.string("QUIET_HOURS").isEmpty()) {
      in.problem("QUIET_HOURS", "must be HH:MM-HH:MM, e.g. 21:00-08:00 (empty: none)");
    }
    if (in.string("QUIET_HOURS").isEmpty()) {
      from = LocalTime.MIDNIGHT;
      until = LocalTime.MIDNIGHT;
    }
    return new Reminders(List.copyOf(offsets), from, until, in.integer("JOBS_INTERVAL_SECONDS", 1, 86_400));
  }

  /** Production needs a way to send e-mail: password resets and invitations must reach people. */
  void checkProduction(SettingsReader in) {
    if (!smtp.configured()) {
      in.problem("SMTP_HOST", "is required in prod (dev writes e-mails to files)");
    }
    if (smtp.from().isEmpty()) {
      in.problem("MAIL_FROM", "is required in prod");
    }
  }
}
