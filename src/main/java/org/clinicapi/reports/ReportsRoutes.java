package org.clinicapi.reports;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.auth.api.CurrentUser;
import org.clinicapi.auth.api.Permission;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.reports.ReportsService.SummaryQuery;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.Responses;
import org.clinicapi.web.RouteTemplate;

/**
 * GET /reports/summary for holders of {@code reports:read}: managers for one of their locations, superadmin for any
 * location or all of them. A location the caller does not see is a 404 (as for any resource they may not know
 * exists), audited as denied. A report names no patient, yet each answered one is recorded ({@code report.read},
 * no patient): it discloses the practice's figures and money, and who read them is worth knowing.
 */
public final class ReportsRoutes {
  static final String ACTION = "report.read";
  static final String RESOURCE = "report";

  private final FeatureContext f;

  private ReportsRoutes(FeatureContext f) {
    this.f = f;
  }

  public static Router create(FeatureContext f) {
    ReportsRoutes routes = new ReportsRoutes(f);
    Router router = Router.router(f.vertx());
    router.get("/reports/summary").handler(RouteTemplate.CAPTURE).handler(f.authenticate())
        .handler(f.guards().require(Permission.REPORTS_READ)).handler(routes::summary);
    return router;
  }

  private void summary(RoutingContext ctx) {
    CurrentUser me = CurrentUser.of(ctx);
    SummaryQuery query;
    try {
      query = ReportRequests.summary(me, ctx.queryParams());
    } catch (ServiceException e) {
      f.guards().failAudited(ctx, ACTION, RESOURCE, null, e);
      return;
    }
    String resource = query.locationId() == null ? null : query.locationId().toString();
    if (query.locationId() != null && !me.seesLocation(query.locationId())) {
      f.guards().deny(ctx, ACTION, RESOURCE, resource, ErrorCode.NOT_FOUND);
      return;
    }
    f.bus().request(ReportsService.SUMMARY, query)
        .compose(summary -> f.guards().recorded(ctx, ACTION, RESOURCE, resource, null, summary))
        .compose(summary -> Responses.ok(ctx, summary.toJson()))
        .onFailure(e -> f.guards().failAudited(ctx, ACTION, RESOURCE, resource, e));
  }
}
