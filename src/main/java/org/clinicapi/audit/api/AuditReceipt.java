package org.clinicapi.audit.api;

import java.util.UUID;

/**
 * A committed append: the event's id and its chain. Its place in the chain (seq, hashes) is given by the
 * linker after the commit, so no receipt can carry it.
 */
public record AuditReceipt(UUID id, int chain) {
}
