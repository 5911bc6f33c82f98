package org.clinicapi.faults;

import io.vertx.core.json.JsonObject;
import org.clinicapi.payments.simulator.StripeSimulator;
import org.clinicapi.support.ApiClient;
import org.clinicapi.support.Clinic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write load a SIGKILL interrupts: worker threads that each sign up a patient (a welcome e-mail), then
 * book a free slot (a confirmation e-mail), upload a file and ask for the payment intent, which the Stripe
 * simulator then pays (a signed webhook marks it held); now and then a new patient signs up. What the server
 * acknowledged (2xx) is recorded; a worker stops at the first request that gets no answer.
 */
final class MixedWriteLoad {
  record Booked(String appointmentId, String token) {
  }

  record Uploaded(String id, String sha256, long size) {
  }

  record Paid(String paymentId, String intentId) {
  }

  final Queue<String> registered = new ConcurrentLinkedQueue<>();
  final Queue<Booked> booked = new ConcurrentLinkedQueue<>();
  final Queue<Uploaded> uploaded = new ConcurrentLinkedQueue<>();
  final Queue<Paid> paid = new ConcurrentLinkedQueue<>();
  /** Intents asked for and not acknowledged: a client asks again after the restart. */
  final Queue<Booked> unpaid = new ConcurrentLinkedQueue<>();
  /** Uploads that got no answer (in flight at the kill). */
  final AtomicInteger unansweredUploads = new AtomicInteger();
  final AtomicInteger unanswered = new AtomicInteger();
  /** Intents the simulator was told to pay. */
  final Set<String> payRequested = ConcurrentHashMap.newKeySet();

  private final Http http;
  private final Clinic clinic;
  private final StripeSimulator stripe;
  private final Instant firstSlot = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(48, ChronoUnit.HOURS);
  private final AtomicInteger slots = new AtomicInteger();
  private final AtomicInteger files = new AtomicInteger();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean stopped;

  MixedWriteLoad(Http http, Clinic clinic, StripeSimulator stripe) {
    this.http = http;
    this.clinic = clinic;
    this.stripe = stripe;
  }

  void start(int threads) {
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::work, "write-load-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  /** Waits (bounded) until every kind of write was acknowledged at least {@code each} times. */
  void awaitAcknowledged(int each, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (registered.size() < each || booked.size() < each || uploaded.size() < each || paid.size() < each) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the load did not get going: " + summary());
      }
      Thread.sleep(20);
    }
  }

  /** After the kill: the workers end at their first unanswered request. */
  void stop() throws InterruptedException {
    stopped = true;
    for (Thread worker : workers) {
      worker.join(30_000);
    }
  }

  String summary() {
    return "acknowledged: " + registered.size() + " sign-ups, " + booked.size() + " bookings, " + uploaded.size() + " uploads, "
        + paid.size() + " intents; unanswered: " + unanswered.get() + " (" + unansweredUploads.get() + " uploads, "
        + unpaid.size() + " intents not acknowledged)";
  }

  private void work() {
    try {
      String token = register();
      for (int i = 1; !stopped; i++) {
        if (i % 4 == 0) {
          token = register();
        }
        Booked booking = book(token);
        if (booking != null) {
          upload(token);
          pay(booking);
        }
      }
    } catch (IOException e) {
      unanswered.incrementAndGet();
    }
  }

  private String register() throws IOException {
    while (true) {
      JsonObject body = new JsonObject().put("email", "kill." + UUID.randomUUID() + "@example.com")
          .put("password", ApiClient.PASSWORD).put("name", "Kill Patient");
      Http.Answer answer = http.post("/api/v1/auth/register", null, body);
      if (answer.ok()) {
        registered.add(answer.data().getJsonObject("user").getString("id"));
        return answer.data().getString("accessToken");
      }
      if (stopped) {
        throw new IOException("stopped");
      }
    }
  }

  private Booked book(String token) throws IOException {
    String start = firstSlot.plus(30L * slots.getAndIncrement(), ChronoUnit.MINUTES).toString();
    Http.Answer answer = http.post("/api/v1/appointments", token, clinic.booking(start));
    if (!answer.ok()) {
      return null;
    }
    Booked booking = new Booked(answer.data().getString("id"), token);
    booked.add(booking);
    return booking;
  }

  private void upload(String token) throws IOException {
    byte[] content = ("file " + files.incrementAndGet() + "\n").repeat(12_000).getBytes(StandardCharsets.US_ASCII);
    byte[] body = concat(Http.fileHead("notes.txt").getBytes(StandardCharsets.US_ASCII), content,
        Http.TAIL.getBytes(StandardCharsets.US_ASCII));
    try {
      Http.Answer answer = http.upload("/api/v1/files", token, body);
      if (answer.ok()) {
        uploaded.add(new Uploaded(answer.data().getString("id"), sha256(content), content.length));
      }
    } catch (IOException e) {
      unansweredUploads.incrementAndGet();
      throw e;
    }
  }

  private void pay(Booked booking) throws IOException {
    Http.Answer answer;
    try {
      answer = http.post("/api/v1/payments/intents", booking.token(), new JsonObject().put("appointmentId", booking.appointmentId()));
    } catch (IOException e) {
      unpaid.add(booking);
      throw e;
    }
    if (!answer.ok()) {
      unpaid.add(booking);
      return;
    }
    String intent = answer.data().getString("providerPaymentIntentId");
    paid.add(new Paid(answer.data().getString("paymentId"), intent));
    payRequested.add(intent);
    // The customer pays: the simulator's webhook marks the payment held (or, once the server is gone, fails).
    stripe.succeed(intent);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
