package org.clinicapi.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded,
 * basic auth), answering as Twilio does: 201 with the message resource, or an error document with Twilio's
 * code. The real SDK is pointed at it with TWILIO_API_BASE. Numbers can be set to fail with a Twilio
 * error code, and the whole API can be made to answer 503 (an outage).
 */
public final class FakeTwilio implements AutoCloseable {
  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "fake-twilio-auth-token-0001";

  /** One received message: its form parameters and whether basic auth matched. */
  public record Received(Map<String, String> form, boolean authorised) {
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicInteger sids = new AtomicInteger();
  private volatile boolean down;

  private FakeTwilio(HttpServer server, Router router) {
    this.server = server;
    router.post("/2010-04-01/Accounts/:account/Messages.json").handler(BodyHandler.create(false)).handler(ctx -> {
      if (down) {
        ctx.response().setStatusCode(503).end();
        return;
      }
      Map<String, String> form = new ConcurrentHashMap<>();
      ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
      String expected = "Basic " + java.util.Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes());
      received.add(new Received(form, expected.equals(ctx.request().getHeader("Authorization"))));
      Integer code = failures.get(form.getOrDefault("To", ""));
      if (code != null) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(new JsonObject().put("code", code)
            .put("message", "error " + code).put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", 400).encode());
        return;
      }
      String sid = "SM%032d".formatted(sids.incrementAndGet());
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject().put("sid", sid)
          .put("account_sid", ctx.pathParam("account")).put("to", form.get("To")).put("from", form.get("From"))
          .put("body", form.get("Body")).put("status", "queued").put("num_segments", "1").put("direction", "outbound-api")
          .put("api_version", "2010-04-01").put("uri", "/2010-04-01/Accounts/" + ctx.pathParam("account") + "/Messages/" + sid + ".json")
          .encode());
    });
  }

  public static FakeTwilio start(Vertx vertx) {
    Router router = Router.router(vertx);
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    FakeTwilio fake = new FakeTwilio(server, router);
    try {
      server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("fake Twilio did not start", e);
    }
    return fake;
  }

  /** TWILIO_* settings that send to this fake. */
  public JsonObject settings() {
    return new JsonObject().put("TWILIO_ACCOUNT_SID", ACCOUNT_SID).put("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        .put("TWILIO_FROM", "+15005550006").put("TWILIO_API_BASE", "http://127.0.0.1:" + server.actualPort())
        .put("TWILIO_WEBHOOK_BASE_URL", "https://api.clinic.test");
  }

  public void failFor(String to, int twilioCode) {
    failures.put(to, twilioCode);
  }

  public void down(boolean down) {
    this.down = down;
  }

  public List<Received> received() {
    return received;
  }

  public List<Received> to(String number) {
    return received.stream().filter(r -> number.equals(r.form().get("To"))).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
