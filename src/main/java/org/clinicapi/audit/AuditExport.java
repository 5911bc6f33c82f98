package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditPage;
import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.bus.BusClient;
import org.clinicapi.common.Cursor;

/**
 * Streams the audit log as NDJSON, one bus page (oldest first) at a time, so memory stays bounded by one
 * page whatever the table holds. After each page it waits for the socket to drain when the write queue is
 * full, so a slow client slows the export instead of filling the heap. A failure before the first byte
 * becomes a normal error envelope; after it, the failure handler cuts the connection.
 */
final class AuditExport {
  static final String NDJSON = "application/x-ndjson";

  private final RoutingContext ctx;
  private final BusClient bus;
  private final AuditQuery query;
  private Promise<Void> drained;
  private boolean gone;

  private AuditExport(RoutingContext ctx, BusClient bus, AuditQuery query) {
    this.ctx = ctx;
    this.bus = bus;
    this.query = query;
  }

  static Future<Void> stream(RoutingContext ctx, BusClient bus, AuditQuery query) {
    AuditExport export = new AuditExport(ctx, bus, query);
    // A client that goes away while we wait for drain would otherwise leave the export hanging.
    ctx.addEndHandler(done -> export.stop());
    ctx.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
    return export.from(null).compose(v -> export.gone ? Future.succeededFuture() : ctx.response().end());
  }

  /** The whole log from {@code position} on (null: from the start, whatever cursor the client sent). */
  private Future<Void> from(Cursor position) {
    return bus.request(AuditService.PAGE, query.after(position)).compose(page -> write(page).compose(v ->
        page.next() == null || gone ? Future.succeededFuture() : from(page.next())));
  }

  private Future<Void> write(AuditPage page) {
    Buffer chunk = Buffer.buffer();
    page.items().forEach(entry -> chunk.appendBuffer(entry.toExportJson().toBuffer()).appendByte((byte) '\n'));
    HttpServerResponse response = ctx.response();
    if (gone || chunk.length() == 0) {
      return Future.succeededFuture();
    }
    response.write(chunk);
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    response.drainHandler(v -> drained.tryComplete());
    return drained.future();
  }

  private void stop() {
    gone = true;
    if (drained != null) {
      drained.tryComplete();
    }
  }
}
