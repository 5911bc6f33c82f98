package org.clinicapi.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.audit.api.AuditHash;
import org.clinicapi.audit.api.AuditPage;
import org.clinicapi.audit.api.AuditQuery;
import org.clinicapi.audit.api.AuditReceipt;
import org.clinicapi.audit.api.AuditService;
import org.clinicapi.audit.api.ChainVerdict;
import org.clinicapi.common.Cursor;
import org.clinicapi.common.FieldError;
import org.clinicapi.common.ServiceException;

import java.util.List;
import java.util.Set;

/**
 * The audit log behind {@code audit.service}: appends go to this verticle instance's group-committing
 * {@link AuditWriter}, which links them at insert on its own writer chain; this instance's {@link AuditLinker}
 * links, on its periodic sweep, rows appended unlinked on the shared chains (in other features'
 * transactions, or by a writer that found no writer chain free, which also nudges it); reads are keyset pages over
 * (at, id) with a {@link Cursor} of order {@link AuditQuery#ORDER}.
 */
final class AuditServiceImpl implements AuditService {
  private static final Set<String> OUTCOMES = Set.of(AuditEvent.SUCCESS, AuditEvent.DENIED, AuditEvent.FAILURE);

  /** How often each instance looks for rows appended in other transactions: how long those wait to be linked. */
  static final long SWEEP_MS = 200;

  private final AuditRepository repository;
  private final AuditLinker linker;
  private final AuditWriter writer;
  private final AuditVerifier verifier;

  /** {@code database}: where the writer opens the dedicated connection that holds its writer-chain lease. */
  AuditServiceImpl(Vertx vertx, Pool pool, PgConnectOptions database) {
    this.repository = new AuditRepository(pool);
    this.linker = new AuditLinker(repository);
    this.writer = new AuditWriter(vertx, repository,
        () -> PgConnection.connect(vertx, database).map(SqlConnection.class::cast), linker::request);
    this.verifier = new AuditVerifier(repository, linker);
    linker.sweepEvery(vertx, SWEEP_MS);
  }

  @Override
  public Future<AuditReceipt> append(AuditEvent event) {
    return Future.succeededFuture(event).map(AuditServiceImpl::stored).compose(writer::append);
  }

  @Override
  public Future<AuditPage> list(AuditQuery query) {
    // The routes checked it; a typed query can still carry any int.
    if (query.limit() < 1 || query.limit() > AuditQuery.MAX_LIMIT) {
      return Future.failedFuture(ServiceException.validation(List.of(new FieldError("limit",
          "must be an integer from 1 to " + AuditQuery.MAX_LIMIT))));
    }
    return read(query, true);
  }

  /**
   * Links first, so an export carries the links of every row committed before the page was read; a row
   * committed in between shows null links (it is linked moments later, and verify covers it).
   */
  @Override
  public Future<AuditPage> page(AuditQuery query) {
    return linker.linkAll().compose(v -> read(query.withLimit(EXPORT_PAGE), false));
  }

  @Override
  public Future<ChainVerdict> verify() {
    return verifier.verify();
  }

  /**
   * Validated before it joins a batch: one bad event must not fail the whole group's INSERT. The time
   * is truncated to what PostgreSQL stores (the linker hashes the row as read back).
   */
  private static AuditEvent stored(AuditEvent e) {
    if (e == null || e.at() == null) {
      throw ServiceException.validation(List.of(new FieldError("event", "is not a well-formed audit event")));
    }
    if (e.action() == null || e.action().isBlank() || e.action().length() > AuditQuery.MAX_ACTION || !OUTCOMES.contains(e.outcome())) {
      throw ServiceException.validation(List.of(new FieldError("event", "needs an action and a known outcome")));
    }
    return new AuditEvent(AuditHash.toStoredPrecision(e.at()), e.actorId(), e.actorRole(), e.action(), e.resourceType(),
        e.resourceId(), e.patientId(), e.outcome(), e.ip(), e.userAgent(), e.requestId());
  }

  /** Fetches one row more than asked, to know whether a next page exists without counting. */
  private Future<AuditPage> read(AuditQuery query, boolean newestFirst) {
    int limit = query.limit();
    return repository.find(query.withLimit(limit + 1), newestFirst).map(rows -> {
      List<ChainedEvent> page = rows.size() > limit ? rows.subList(0, limit) : rows;
      ChainedEvent last = page.isEmpty() ? null : page.get(page.size() - 1);
      Cursor next = rows.size() > limit ? new Cursor(AuditQuery.ORDER, last.event().at(), last.id()) : null;
      return new AuditPage(page.stream().map(ChainedEvent::entry).toList(), next);
    });
  }
}
