package org.clinicapi.payments.stripe;

import io.vertx.core.json.JsonObject;

/** A webhook event whose signature checked out: its id (to apply it once), type, creation time and data.object. */
public record VerifiedEvent(String id, String type, long created, JsonObject object) {
}
