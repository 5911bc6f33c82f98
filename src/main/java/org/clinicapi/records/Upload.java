package org.clinicapi.records;

import java.util.UUID;

/**
 * A received upload, validated and typed by its bytes, whose metadata is still to be recorded: the
 * stored part's size and SHA-256, and the storage key made from the fresh id.
 */
record Upload(UUID id, UUID patientId, String category, String filename, String contentType, long size, String sha256,
    String storageKey) {
}
