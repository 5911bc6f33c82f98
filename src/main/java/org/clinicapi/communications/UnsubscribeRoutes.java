package org.clinicapi.communications;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.RouteTemplate;

import java.util.UUID;

/**
 * The one-click unsubscribe link of reminder e-mails (RFC 8058), without sign-in: the signed token names the
 * user ({@link UnsubscribeLinks}). Only the POST acts (a mail client's one-click, or the page's button): mail
 * scanners and link previews follow GETs, so the GET only shows a page whose form posts back to the same URL.
 * Unsubscribing turns e-mail notifications off ({@code notify_email}); account e-mails (password reset,
 * verification, invitations) still go. Answers are small HTML pages, for the person who clicked.
 */
final class UnsubscribeRoutes {
  static final String ACTION = "notification.unsubscribe";
  private static final String PATH = UnsubscribeLinks.PATH.substring(TwilioWebhookRoutes.API.length());
  /** Our default CSP forbids everything; the page needs only to post its own form. */
  private static final String PAGE_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final String ONE_CLICK = "One-Click";
  private final FeatureContext f;
  private final UnsubscribeLinks links;

  private UnsubscribeRoutes(FeatureContext f) {
    this.f = f;
    this.links = new UnsubscribeLinks(f.config().auth().privateKeyPem(), f.config().communications().appBaseUrl());
  }

  static Router create(FeatureContext f) {
    UnsubscribeRoutes routes = new UnsubscribeRoutes(f);
    Router router = Router.router(f.vertx());
    router.get(PATH).handler(RouteTemplate.CAPTURE).handler(routes::confirm);
    router.post(PATH).handler(RouteTemplate.CAPTURE).handler(routes::unsubscribe);
    return router;
  }

  /** Changes nothing: asks for the click that posts. */
  private void confirm(RoutingContext ctx) {
    if (links.verify(ctx.queryParams().get("token")) == null) {
      page(ctx, 400, "Link not valid", "This unsubscribe link is not valid. Use the link in a recent e-mail, or change your"
          + " notification settings in the app.");
      return;
    }
    page(ctx, 200, "Stop reminder e-mails?", "You will no longer get appointment reminders and notices by e-mail. Account"
        + " e-mails (password resets, e-mail verification) still come."
        + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
        + "<button type=\"submit\">Unsubscribe</button></form>");
  }

  /** Form-encoded or multipart {@code List-Unsubscribe=One-Click}, as RFC 8058 sends it. */
  private void unsubscribe(RoutingContext ctx) {
    UUID user = links.verify(ctx.queryParams().get("token"));
    if (user == null || !ONE_CLICK.equals(ctx.request().getFormAttribute("List-Unsubscribe"))) {
      page(ctx, 400, "Not unsubscribed", user == null ? "This unsubscribe link is not valid."
          : "The request must carry List-Unsubscribe=One-Click.");
      return;
    }
    // The service records the change as done by the user the token names.
    AuditEvent event = Audits.of(ctx, ACTION, "user", user.toString(), null, AuditEvent.SUCCESS);
    f.bus().request(NotificationsService.UNSUBSCRIBE, new NotificationsService.Unsubscribe(user, event))
        .compose(changed -> page(ctx, 200, "Unsubscribed", "You will no longer get appointment e-mails. You can turn them"
            + " back on in the app's notification settings."))
        .onFailure(ctx::fail);
  }

  /** {@code html}: constant text of ours, never anything from the request. */
  private static Future<Void> page(RoutingContext ctx, int status, String title, String html) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", PAGE_CSP)
        .end("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            + "<meta name=\"viewport\" content=\"width=device-width\"><title>" + title + "</title></head><body><h1>" + title
            + "</h1><p>" + html + "</p></body></html>");
  }
}
