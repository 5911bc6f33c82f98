package org.clinicapi.profiles;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** A profile at a version (0: never written), as one view shows it. */
record StoredProfile(UUID patientId, int version, ProfileView view, Profile profile) {

  /** Quoted, as HTTP wants entity tags: {@code "3"}. */
  String etag() {
    return "\"" + version + "\"";
  }

  JsonObject toJson() {
    return new JsonObject().put("patientId", patientId.toString()).put("version", version).put("view", view.wire())
        .mergeIn(profile.toJson(view));
  }
}
