package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Ids;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
import org.clinicapi.records.FilesService.FileDeletion;
import org.clinicapi.records.FilesService.FileRef;
import org.clinicapi.records.FilesService.NewFile;
import org.clinicapi.records.FilesService.Query;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.IdempotencyHandler;
import org.clinicapi.web.JsonBody;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

import java.util.List;
import java.util.UUID;

/**
 * Medical records and files under /files and its alias /upload. Uploads stream to disk
 * ({@link UploadTransfer}), are typed by their bytes ({@link FileTypeDetector}) and stored by id
 * ({@link FileStore}); metadata goes through {@code records.service}, which also decides visibility.
 * Each request records exactly one audit event: success, or denied with a 404 for a file or patient the
 * caller may not see. The success event of a write (upload, delete) is prepared here and appended by the
 * service in the write's own transaction (both or neither); refusals are recorded here ({@code failAudited}).
 */
public final class FilesRoutes {
  /** Both prefixes serve the same routes (api-v1: /upload is an alias of /files). */
  public static final List<String> PREFIXES = List.of("/files", "/upload");
  private static final String UPLOAD = "records.upload";
  private static final String RESOURCE = "file";

  private final FeatureContext f;
  private final FileStore store;
  private final FileTypeDetector detector;
  private final FileDownload download;
  private final long maxBytes;

  private FilesRoutes(FeatureContext f) {
    this.f = f;
    this.store = new FileStore(f.vertx(), f.config().files().directory());
    this.detector = new FileTypeDetector(f.vertx());
    this.download = new FileDownload(f.vertx(), store);
    this.maxBytes = f.config().files().maxBytes();
  }

  public static Router create(FeatureContext f) {
    FilesRoutes routes = new FilesRoutes(f);
    // Also covers provider photos: their parts go to the same directory.
    PartSweeper.start(f.vertx(), routes.store, f.config().http().requestTimeoutMs());
    Router router = Router.router(f.vertx());
    for (String prefix : PREFIXES) {
      router.post(prefix).handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(f.guards().require(Permission.RECORDS_WRITE)).handler(routes::receive).handler(f.idempotent())
          .handler(routes::create);
      router.get(prefix).handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(f.guards().require(Permission.RECORDS_READ)).handler(routes::list);
      router.get(prefix + "/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(f.guards().require(Permission.RECORDS_READ)).handler(routes::get);
      router.get(prefix + "/:id/content").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(f.guards().require(Permission.RECORDS_READ)).handler(routes::content);
      router.delete(prefix + "/:id").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
          .handler(f.guards().require(Permission.RECORDS_WRITE)).handler(routes::delete);
    }
    return router;
  }

  /** Streams the body to a temporary file, validates the fields and the bytes' type, then lets idempotency decide. */
  private void receive(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    UUID id = Ids.random();
    UploadTransfer.start(ctx, store, maxBytes, id)
        .compose(received -> {
          UploadForm form = UploadForm.of(me, received);
          return detector.detect(store.partPath(id)).compose(type -> type == null
              ? Future.failedFuture(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                  "Allowed files are PDF, PNG, JPEG, plain text and DOCX (decided by their content)."))
              : Future.succeededFuture(upload(id, form, type, received)));
        })
        .onSuccess(upload -> {
          ctx.put(UPLOAD, upload);
          // The file's hash is the body's stand-in for Idempotency-Key: same key, other file = 409.
          ctx.put(IdempotencyHandler.FINGERPRINT, fingerprint(upload));
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** What makes two uploads the same request: everything but the fresh id (and the storage key made from it). */
  private static String fingerprint(Upload upload) {
    return new JsonObject().put("patientId", upload.patientId().toString()).put("category", upload.category())
        .put("filename", upload.filename()).put("contentType", upload.contentType()).put("size", upload.size())
        .put("sha256", upload.sha256()).encode();
  }

  private static Upload upload(UUID id, UploadForm form, String type, UploadTransfer.Received received) {
    return new Upload(id, form.patientId(), form.category(), form.filename(), type, received.size(), received.sha256(),
        FileStore.storageKey(id));
  }

  /**
   * Renames the part to its final name and records the metadata with its audit event in one transaction; a
   * refusal or failure (the audit event included: then no row was committed) removes the bytes again.
   */
  private void create(RoutingContext ctx) {
    Upload upload = ctx.get(UPLOAD);
    UUID id = upload.id();
    AuditEvent success = Audits.of(ctx, "file.upload", RESOURCE, id.toString(), upload.patientId(), AuditEvent.SUCCESS);
    store.commit(id)
        .compose(v -> f.bus().request(FilesService.CREATE, new NewFile(CurrentUser.of(ctx), upload, success))
            .recover(e -> store.discardStored(id).compose(ignored -> Future.failedFuture(e))))
        .compose(saved -> {
          ctx.response().putHeader("Location", "/api/v1/files/" + id);
          return Responses.send(ctx, 201, saved.toJson());
        })
        .onFailure(e -> f.guards().failAudited(ctx, "file.upload", "patient", upload.patientId().toString(), e));
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    Validator v = new Validator(new JsonObject().put("patientId", ctx.queryParams().get("patientId")));
    UUID named = v.uuid("patientId", !me.isPatient());
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Cursor after = Paging.decode(ctx.queryParams().get("cursor"));
    v.done();
    UUID patient = named == null ? me.id() : named;
    f.bus().request(FilesService.LIST, new Query(me, patient, after, limit))
        .compose(page -> f.guards().recorded(ctx, "file.list", RESOURCE, null, patient, page))
        .compose(page -> Responses.page(ctx, page.itemsJson(), limit, page.nextCursor()))
        .onFailure(e -> f.guards().failAudited(ctx, "file.list", "patient", patient.toString(), e));
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(FilesService.GET, new FileRef(CurrentUser.of(ctx), id))
        .compose(stored -> f.guards().recorded(ctx, "file.read", RESOURCE, id.toString(), stored.file().patientId(), stored))
        .compose(stored -> Responses.ok(ctx, stored.file().toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, "file.read", RESOURCE, id.toString(), e));
  }

  private void content(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    f.bus().request(FilesService.GET, new FileRef(CurrentUser.of(ctx), id))
        .compose(stored -> f.guards().recorded(ctx, "file.download", RESOURCE, id.toString(), stored.file().patientId(), stored))
        .compose(stored -> download.send(ctx, stored))
        .onFailure(e -> f.guards().failAudited(ctx, "file.download", RESOURCE, id.toString(), e));
  }

  /**
   * Soft delete: the row stays (audit, legal hold), the content is no longer served or listed. The service
   * fills in the file's patient and appends the success event in the UPDATE's transaction.
   */
  private void delete(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    AuditEvent success = Audits.of(ctx, "file.delete", RESOURCE, id.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(FilesService.DELETE, new FileDeletion(CurrentUser.of(ctx), id, success))
        .compose(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> f.guards().failAudited(ctx, "file.delete", RESOURCE, id.toString(), e));
  }
}
