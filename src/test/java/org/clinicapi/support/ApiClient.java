package org.clinicapi.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Blocking HTTP calls from the test thread against a TestServer, plus sign-up and sign-in shortcuts. */
public final class ApiClient {
  public static final String PASSWORD = "correct horse battery";
  private final WebClient web;

  public ApiClient(Vertx vertx, TestServer server) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  public HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = web.request(method, path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  public HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    return call(HttpMethod.POST, path, token, body);
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return web.request(method, path);
  }

  /** Registers a new patient with a unique e-mail; returns the 201 body's data. */
  public JsonObject registerPatient(String name) {
    JsonObject body = new JsonObject().put("email", name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID() + "@example.com")
        .put("password", PASSWORD).put("name", name);
    HttpResponse<Buffer> response = post("/api/v1/auth/register", null, body);
    if (response.statusCode() != 201) {
      throw new AssertionError("register failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getJsonObject("data").put("password", PASSWORD).put("email", body.getString("email"));
  }

  public JsonObject login(String email, String password) {
    HttpResponse<Buffer> response = post("/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
