package org.clinicapi.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.clinicapi.support.StripeFixture;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Stripe's records as its API lists them (here the simulator's): what exists there, whatever our database says. */
final class StripeListing {
  private StripeListing() {
  }

  /** Every PaymentIntent, all pages. */
  static List<JsonObject> intents(String apiBase) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    List<JsonObject> all = new ArrayList<>();
    String after = null;
    do {
      String query = "?limit=100" + (after == null ? "" : "&starting_after=" + after);
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(apiBase + "/v1/payment_intents" + query))
          .header("Authorization", "Bearer " + StripeFixture.SECRET_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonObject page = new JsonObject(response.body());
      JsonArray data = page.getJsonArray("data");
      data.forEach(o -> all.add((JsonObject) o));
      after = page.getBoolean("has_more") && !data.isEmpty() ? data.getJsonObject(data.size() - 1).getString("id") : null;
    } while (after != null);
    return all;
  }
}
