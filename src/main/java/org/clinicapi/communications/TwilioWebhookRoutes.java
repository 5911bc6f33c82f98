package org.clinicapi.communications;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.clinicapi.audit.api.AuditEvent;
import org.clinicapi.common.ErrorCode;
import org.clinicapi.common.ServiceException;
import org.clinicapi.communications.NotificationsService.DeliveryReport;
import org.clinicapi.communications.NotificationsService.SmsOptOut;
import org.clinicapi.web.Audits;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.RouteTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Twilio's webhooks: delivery reports ({@code status}, the callback URL of every SMS we send) and inbound texts
 * ({@code inbound}, the number's messaging webhook). No token: each request must carry Twilio's signature of its
 * form ({@link TwilioSignature}), else 403. Both answer at once; neither says anything about what it matched.
 */
final class TwilioWebhookRoutes {
  static final String API = "/api/v1";
  static final String INBOUND_PATH = API + "/webhooks/twilio/inbound";
  private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhookRoutes.class);
  private static final Pattern SID = Pattern.compile("[A-Za-z0-9]{2,64}");
  private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,10}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final String FORM = "application/x-www-form-urlencoded";
  private final FeatureContext f;
  private final TwilioSignature signature;
  private final String appBaseUrl;

  private TwilioWebhookRoutes(FeatureContext f) {
    this.f = f;
    this.signature = new TwilioSignature(f.config().communications().twilio());
    this.appBaseUrl = f.config().communications().appBaseUrl();
  }

  static Router create(FeatureContext f) {
    TwilioWebhookRoutes routes = new TwilioWebhookRoutes(f);
    Router router = Router.router(f.vertx());
    router.post(TwilioSms.STATUS_CALLBACK_PATH.substring(API.length())).handler(RouteTemplate.CAPTURE)
        .handler(ctx -> routes.verified(ctx, TwilioSms.STATUS_CALLBACK_PATH)).handler(routes::status);
    router.post(INBOUND_PATH.substring(API.length())).handler(RouteTemplate.CAPTURE)
        .handler(ctx -> routes.verified(ctx, INBOUND_PATH)).handler(routes::inbound);
    return router;
  }

  /** 415 for anything but a form, 403 without a valid signature. */
  private void verified(RoutingContext ctx, String path) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      ctx.fail(new ServiceException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Twilio webhooks are form-encoded."));
    } else if (signature.valid(ctx.request(), path)) {
      ctx.next();
    } else {
      LOG.warn("Twilio webhook refused: signature missing or wrong on {}", path);
      ctx.fail(ServiceException.forbidden("The request is not signed by Twilio for this server."));
    }
  }

  /**
   * Twilio's MessageStatus mapped onto ours (queued, accepted and sending say nothing new); an unknown message
   * answers 204 too, since Twilio would otherwise retry a report nobody can use.
   */
  private void status(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String sid = form.get("MessageSid");
    String twilioStatus = form.get("MessageStatus") == null ? "" : form.get("MessageStatus").toLowerCase(Locale.ROOT);
    String ours = switch (twilioStatus) {
      case "sent" -> "sent";
      case "delivered" -> "delivered";
      case "undelivered", "failed" -> "failed";
      default -> null;
    };
    if (ours == null || sid == null || !SID.matcher(sid).matches()) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    f.bus().request(NotificationsService.DELIVERY, new DeliveryReport(sid, ours, errorCode(twilioStatus, form.get("ErrorCode"))))
        .compose(changed -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** TWILIO_30003 and the like; without a code, the status itself (TWILIO_UNDELIVERED). */
  private static String errorCode(String twilioStatus, String code) {
    return "TWILIO_" + (code != null && ERROR_CODE.matcher(code).matches() ? code : twilioStatus.toUpperCase(Locale.ROOT));
  }

  private void inbound(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    SmsKeyword keyword = SmsKeyword.of(form.get("Body"));
    String from = form.get("From");
    boolean change = (keyword == SmsKeyword.OPT_OUT || keyword == SmsKeyword.OPT_IN) && from != null && E164.matcher(from).matches();
    if (!change) {
      twiml(ctx, keyword == SmsKeyword.HELP ? SmsKeyword.helpTwiml(appBaseUrl) : SmsKeyword.EMPTY_TWIML);
      return;
    }
    boolean out = keyword == SmsKeyword.OPT_OUT;
    // No number in the event: the patient it belongs to is named (the service finds them), never the number.
    AuditEvent event = Audits.of(ctx, out ? "sms.opt_out" : "sms.opt_in", "sms_opt_out", null, null, AuditEvent.SUCCESS);
    f.bus().request(NotificationsService.SMS_OPT_OUT, new SmsOptOut(from, out, event))
        .onSuccess(changed -> twiml(ctx, SmsKeyword.EMPTY_TWIML))
        .onFailure(ctx::fail);
  }

  private static void twiml(RoutingContext ctx, String body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/xml; charset=utf-8").setStatusCode(200).end(body);
  }
}
