package org.clinicapi.payments.payouts;

import io.vertx.core.Future;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.payments.PaymentsContext;
import org.clinicapi.payments.api.PaymentsService;

/** PLACEHOLDER until its part of issue 13 lands (replace this whole class). */
public final class PayoutAccounts {
  public PayoutAccounts(PaymentsContext c) {
  }

  public Future<PaymentsService.PayoutLink> link(PaymentsService.PayoutRequest in) {
    return Future.failedFuture(new ServiceException(ErrorCode.INTERNAL_ERROR, "not built yet"));
  }
}
