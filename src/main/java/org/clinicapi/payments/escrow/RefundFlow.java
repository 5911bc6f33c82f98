package org.clinicapi.payments.escrow;

import io.vertx.core.Future;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService;

/** PLACEHOLDER until its part of issue 13 lands (replace this whole class). */
public final class RefundFlow {
  public RefundFlow(PaymentsContext c) {
  }

  public Future<PaymentsService.RefundView> refund(PaymentsService.RefundRequest in) {
    return Future.failedFuture(new ServiceException(ErrorCode.INTERNAL_ERROR, "not built yet"));
  }
}
