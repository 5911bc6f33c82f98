package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.Ids;
import org.clinicapi.common.ServiceException;
import org.clinicapi.records.FilesService.NewProviderPhoto;
import org.clinicapi.records.FilesService.PhotoRef;
import org.clinicapi.records.FilesService.StoredFile;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Provider photos through the files machinery: {@code POST /providers/{id}/photo} streams a multipart
 * {@code file} part to disk ({@link UploadTransfer}), types it by its bytes ({@link FileTypeDetector}: PNG or
 * JPEG only, else 415) and records it (201 with its id, which the provider then names as {@code photoFileId}
 * in their credentials); {@code GET /providers/{id}/photo} serves the current photo inline. Who may upload:
 * whoever may change the provider (scheduling's rule, on the target it answers).
 */
public final class ProviderPhotoRoutes {
  private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg");
  private static final String ACTION = "provider.photo_upload";

  private final FeatureContext f;
  private final FileStore store;
  private final FileTypeDetector detector;
  private final long maxBytes;

  private ProviderPhotoRoutes(FeatureContext f) {
    this.f = f;
    this.store = new FileStore(f.vertx(), f.config().files().directory());
    this.detector = new FileTypeDetector(f.vertx());
    this.maxBytes = f.config().files().maxBytes();
  }

  public static Router create(FeatureContext f) {
    ProviderPhotoRoutes routes = new ProviderPhotoRoutes(f);
    Router router = Router.router(f.vertx());
    router.post("/providers/:id/photo").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.PROVIDERS_WRITE)).handler(routes::upload);
    router.get("/providers/:id/photo").handler(RouteTemplate.CAPTURE).handler(f.authenticate()).handler(routes::photo);
    return router;
  }

  /** Authorized before a byte is read (the body waits paused); a refused or failed upload leaves no file behind. */
  private void upload(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    UUID provider = JsonBody.pathUuid(ctx, "id");
    UUID id = Ids.random();
    f.bus().request(ProvidersService.TARGET, provider)
        .compose(target -> target.changeableBy(me) ? UploadTransfer.start(ctx, store, maxBytes, id) : Future.failedFuture(
            ServiceException.forbidden("Only the provider, a manager of one of their locations or a superadmin may change this provider.")))
        .compose(received -> typed(id, received))
        .compose(upload -> store.commit(id).compose(v -> f.bus().request(FilesService.CREATE_PROVIDER_PHOTO, new NewProviderPhoto(provider,
                upload, me.id(), Audits.of(ctx, ACTION, "file", id.toString(), null, AuditEvent.SUCCESS))))
            .recover(e -> store.discardStored(id).compose(ignored -> Future.failedFuture(e))))
        .compose(photo -> Responses.send(ctx, 201, photo))
        .onFailure(e -> f.guards().failAudited(ctx, ACTION, "provider", provider.toString(), e));
  }

  private Future<Upload> typed(UUID id, UploadTransfer.Received received) {
    if (!received.hasFile()) {
      return Future.failedFuture(ServiceException.validation(List.of(new FieldError("file", "is required (a multipart part named file)"))));
    }
    return detector.detect(store.partPath(id)).compose(type -> type == null || !IMAGES.contains(type)
        ? Future.failedFuture(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "A photo must be a PNG or JPEG image."))
        : Future.succeededFuture(new Upload(id, null, ProviderPhotos.CATEGORY, SafeFilename.of(received.filename()), type,
            received.size(), received.sha256(), FileStore.storageKey(id))));
  }

  /** Inline (it is shown, not downloaded), nosniff, briefly cacheable by the browser only. Not patient data: not audited. */
  private void photo(RoutingContext ctx) {
    UUID provider = JsonBody.pathUuid(ctx, "id");
    f.bus().request(FilesService.PROVIDER_PHOTO, new PhotoRef(provider, !CurrentUser.of(ctx).isPatient()))
        .compose(stored -> send(ctx, stored))
        .onFailure(ctx::fail);
  }

  private Future<Void> send(RoutingContext ctx, StoredFile stored) {
    return f.vertx().fileSystem().open(store.path(stored.storageKey()), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(content -> content.pipeTo(ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, stored.file().contentType())
            .putHeader(HttpHeaders.CONTENT_DISPOSITION, "inline")
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
            .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(stored.file().size()))));
  }
}
