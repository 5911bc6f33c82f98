package org.clinicapi.records;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.Audits;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.bus.Addresses;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.Ids;
import org.clinicapi.common.Paging;
import org.clinicapi.common.ServiceException;
import org.clinicapi.common.Validator;
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
 * caller may not see.
 */
public final class FilesRoutes {
  /** Both prefixes serve the same routes (api-v1: /upload is an alias of /files). */
  public static final List<String> PREFIXES = List.of("/files", "/upload");
  private static final String UPLOAD = "records.upload";

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
              : Future.succeededFuture(metadata(id, form, type, received)));
        })
        .onSuccess(file -> {
          ctx.put(UPLOAD, file);
          // The file's hash is the body's stand-in for Idempotency-Key: same key, other file = 409.
          ctx.put(IdempotencyHandler.FINGERPRINT, fingerprint(file));
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** What makes two uploads the same request: everything but the fresh id (and the storage key made from it). */
  private static String fingerprint(JsonObject file) {
    JsonObject same = file.copy();
    same.remove("id");
    same.remove("storageKey");
    return same.encode();
  }

  private static JsonObject metadata(UUID id, UploadForm form, String type, UploadTransfer.Received received) {
    return new JsonObject().put("id", id.toString()).put("patientId", form.patientId().toString()).put("category", form.category())
        .put("filename", form.filename()).put("contentType", type).put("size", received.size()).put("sha256", received.sha256())
        .put("storageKey", FileStore.storageKey(id));
  }

  /** Renames the part to its final name and records the metadata; a refusal or failure removes the bytes again. */
  private void create(RoutingContext ctx) {
    JsonObject file = ctx.get(UPLOAD);
    UUID id = UUID.fromString(file.getString("id"));
    store.commit(id)
        .compose(v -> request("create", ctx, new JsonObject().put("file", file))
            .recover(e -> store.discardStored(id).compose(ignored -> Future.failedFuture(e))))
        .map(reply -> reply.getJsonObject("file"))
        .compose(saved -> audited(ctx, "file.upload", saved).recover(e -> undo(ctx, id).compose(v -> Future.failedFuture(e))))
        .compose(saved -> {
          ctx.response().putHeader("Location", "/api/v1/files/" + id);
          return Responses.send(ctx, 201, saved);
        })
        .onFailure(e -> f.guards().failAudited(ctx, "file.upload", "patient", file.getString("patientId"), e));
  }

  /** An upload the audit log could not record is not kept: no row, no bytes (the request fails with 503). */
  private Future<Void> undo(RoutingContext ctx, UUID id) {
    return request("discard", ctx, new JsonObject().put("id", id.toString())).<Void>mapEmpty()
        .eventually(() -> store.discardStored(id));
  }

  private void list(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    Validator v = new Validator(new JsonObject().put("patientId", ctx.queryParams().get("patientId")));
    UUID patient = v.uuid("patientId", !me.isPatient());
    int limit = Paging.limit(ctx.queryParams().get("limit"));
    Paging.decode(ctx.queryParams().get("cursor"));
    v.done();
    String patientId = (patient == null ? me.id() : patient).toString();
    request("list", ctx, new JsonObject().put("patientId", patientId).put("cursor", ctx.queryParams().get("cursor")).put("limit", limit))
        .compose(page -> f.audit().record(Audits.of(ctx, "file.list", "file", null, UUID.fromString(patientId), AuditEvent.SUCCESS))
            .compose(v2 -> Responses.page(ctx, page.getJsonArray("items"), limit, page.getString("nextCursor"))))
        .onFailure(e -> f.guards().failAudited(ctx, "file.list", "patient", patientId, e));
  }

  private void get(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    request("get", ctx, new JsonObject().put("id", id.toString()))
        .compose(reply -> audited(ctx, "file.read", reply.getJsonObject("file")))
        .compose(file -> Responses.ok(ctx, file))
        .onFailure(e -> f.guards().failAudited(ctx, "file.read", "file", id.toString(), e));
  }

  private void content(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    request("get", ctx, new JsonObject().put("id", id.toString()))
        .compose(reply -> audited(ctx, "file.download", reply.getJsonObject("file")).map(reply))
        .compose(reply -> download.send(ctx, reply.getJsonObject("file"), reply.getString("storageKey")))
        .onFailure(e -> f.guards().failAudited(ctx, "file.download", "file", id.toString(), e));
  }

  /** Soft delete: the row stays (audit, legal hold), the content is no longer served or listed. */
  private void delete(RoutingContext ctx) {
    UUID id = JsonBody.pathUuid(ctx, "id");
    request("delete", ctx, new JsonObject().put("id", id.toString()))
        .compose(reply -> f.audit().record(Audits.of(ctx, "file.delete", "file", id.toString(),
            UUID.fromString(reply.getString("patientId")), AuditEvent.SUCCESS)))
        .compose(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> f.guards().failAudited(ctx, "file.delete", "file", id.toString(), e));
  }

  private Future<JsonObject> request(String action, RoutingContext ctx, JsonObject body) {
    return f.bus().request(Addresses.RECORDS_SERVICE, action, body.put("caller", CurrentUser.of(ctx).toJson()));
  }

  private Future<JsonObject> audited(RoutingContext ctx, String action, JsonObject file) {
    return f.audit().record(Audits.of(ctx, action, "file", file.getString("id"), UUID.fromString(file.getString("patientId")),
        AuditEvent.SUCCESS)).map(file);
  }

}
