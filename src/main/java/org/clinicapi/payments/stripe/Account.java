package org.clinicapi.payments.stripe;

/** A connected account's readiness: it can receive our transfers once {@code transfersActive}. */
public record Account(String id, boolean chargesEnabled, boolean payoutsEnabled, boolean transfersActive,
    boolean detailsSubmitted) {
}
