package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;
import org.clinicapi.scheduling.api.CredentialsChange;
import org.clinicapi.scheduling.api.VerificationChange;

import java.util.List;
import java.util.UUID;

/**
 * Writes of professional details and verification, each in one transaction with its success event. Replacing
 * a recorded licence number or region un-verifies a verified provider: the verification vouched for that
 * licence, so a manager checks the new one before patients can book again; that is recorded as a
 * {@code provider.unverify} event by the editor, besides the {@code provider.credentials} event. A first licence
 * (none recorded before) keeps the verification of a provider vetted before licences were recorded (V20).
 */
final class ProviderVerification {
  static final String UNVERIFY = "provider.unverify";

  private final Pool pool;
  private final ProvidersRepository providers;
  private final ProfessionalRepository repo = new ProfessionalRepository();

  ProviderVerification(Pool pool, ProvidersRepository providers) {
    this.pool = pool;
    this.providers = providers;
  }

  Future<Void> saveCredentials(CredentialsChange change) {
    UUID id = change.providerId();
    return pool.withTransaction(sql -> repo.save(sql, id, change.credentials()).compose(saved -> {
      if (saved == null) {
        return Future.failedFuture(noProfile());
      }
      if (!saved.photoOk()) {
        return Future.failedFuture(ServiceException.validation(List.of(new FieldError("photoFileId",
            "is not a photo of this provider (upload one with POST /providers/{id}/photo)"))));
      }
      Future<Void> unverified = saved.unverified() && change.audit() != null
          ? ProvidersServiceImpl.append(sql, change.audit().withAction(UNVERIFY), id.toString()) : Future.succeededFuture();
      return unverified.compose(v -> ProvidersServiceImpl.append(sql, change.audit(), id.toString()));
    }));
  }

  /** Locks the provider first (see {@link ProfessionalRepository}), then verifies or revokes. */
  Future<Void> change(VerificationChange change) {
    UUID id = change.providerId();
    return pool.withTransaction(sql -> providers.lockForChange(sql, id)
        .compose(v -> change.verify() ? repo.verify(sql, id, change.actorId(), change.note()) : repo.revoke(sql, id, change.note()))
        .compose(changed -> changed ? append(sql, change.audit(), id) : Future.failedFuture(refusal(change.verify()))));
  }

  private static Future<Void> append(SqlClient sql, AuditEvent audit, UUID id) {
    return ProvidersServiceImpl.append(sql, audit, id.toString());
  }

  private static ServiceException refusal(boolean verify) {
    return new ServiceException(ErrorCode.INVALID_STATE, verify
        ? "A provider needs a profile and a licence number and region (PUT /providers/{id}/credentials) to be verified."
        : "This provider is not verified.");
  }

  private static ServiceException noProfile() {
    return new ServiceException(ErrorCode.INVALID_STATE, "Set up the provider's profile (PUT /providers/{id}) first.");
  }
}
