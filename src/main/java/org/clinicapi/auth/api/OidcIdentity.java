package org.clinicapi.auth.api;

/** A Google (OpenID Connect) identity whose ID token has been checked: issuer and subject, verified e-mail, name. */
public record OidcIdentity(String issuer, String subject, String email, String name) {
}
