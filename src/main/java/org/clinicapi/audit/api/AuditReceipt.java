package org.clinicapi.audit.api;

import java.util.UUID;

/**
 * A committed append: the event's id and its chain. Its place in the chain (seq, hashes) is not part of it:
 * on a shared chain the linker gives it after the commit (a group writer's own chain has it at insert, but
 * the answer is the same for both).
 */
public record AuditReceipt(UUID id, int chain) {
}
