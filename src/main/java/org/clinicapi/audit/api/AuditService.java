package org.clinicapi.audit.api;

import io.vertx.core.Future;
import org.clinicapi.bus.Addresses;
import org.clinicapi.bus.Operation;

import java.util.List;

/**
 * The bus contract of {@code audit.service}: the append-only, hash-chained audit log. Every feature
 * appends through {@link AuditTrail} ({@link BusAuditTrail}); the audit routes list, export and verify.
 */
public interface AuditService {

  /** Rows per {@link #page} call: an export streams the log this many rows at a time. */
  int EXPORT_PAGE = 500;

  /**
   * Completes once the event is committed (appends are group-committed); 400 for an event without an
   * action or a known outcome, 503 when the batch it joined could not be written.
   */
  Future<AuditReceipt> append(AuditEvent event);

  /** One page of the matching events, newest first. */
  Future<AuditPage> list(AuditQuery query);

  /** Up to {@link #EXPORT_PAGE} matching events, oldest first, with their chain links (the query's limit is ignored). */
  Future<AuditPage> page(AuditQuery query);

  /** Walks every chain and reports the first broken link, if any. */
  Future<ChainVerdict> verify();

  Operation<AuditService, AuditEvent, AuditReceipt> APPEND = op("append", AuditService::append);
  Operation<AuditService, AuditQuery, AuditPage> LIST = op("list", AuditService::list);
  Operation<AuditService, AuditQuery, AuditPage> PAGE = op("page", AuditService::page);
  /** Sent with a null request. */
  Operation<AuditService, Void, ChainVerdict> VERIFY = op("verify", (service, none) -> service.verify());

  List<Operation<AuditService, ?, ?>> OPERATIONS = List.of(APPEND, LIST, PAGE, VERIFY);

  private static <I, O> Operation<AuditService, I, O> op(String name, Operation.Invoker<AuditService, I, O> invoker) {
    return Operation.of(Addresses.AUDIT_SERVICE, name, invoker);
  }
}
