package org.clinicapi.audit.api;

import java.util.UUID;

/** A committed append: the event's id and its place in a hash chain. */
public record AuditReceipt(UUID id, int chain, long seq) {
}
