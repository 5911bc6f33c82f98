package org.clinicapi.communications;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.clinicapi.config.CommunicationsConfig.Twilio;

import java.util.UUID;

/**
 * SMS through the twilio SDK (blocking, so on the bounded communications worker executor), with the status
 * callback URL on every message. The SDK's requests go to TWILIO_API_BASE ({@link TwilioApiBase}). A 4xx
 * answer is the message's own fault (21211 invalid number, 21610 unsubscribed, 21614 not a mobile, ...) and
 * is never retried; 429, 5xx and connection failures are.
 */
final class TwilioSms implements SmsSender {
  static final String STATUS_CALLBACK_PATH = "/api/v1/webhooks/twilio/status";
  private final WorkerExecutor worker;
  private final TwilioRestClient client;
  private final Twilio twilio;

  TwilioSms(WorkerExecutor worker, Twilio twilio, int timeoutMs) {
    this.worker = worker;
    this.twilio = twilio;
    this.client = new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken())
        .httpClient(TwilioApiBase.client(twilio.apiBase(), timeoutMs)).build();
  }

  @Override
  public Future<String> send(UUID outboxId, String to, String body) {
    return worker.executeBlocking(() -> {
      SmsSender.requireE164(to);
      MessageCreator creator = twilio.messagingService()
          ? Message.creator(new PhoneNumber(to), twilio.from(), body)
          : Message.creator(new PhoneNumber(to), new PhoneNumber(twilio.from()), body);
      creator.setStatusCallback(twilio.webhookBaseUrl() + STATUS_CALLBACK_PATH);
      try {
        return creator.create(client).getSid();
      } catch (ApiConnectionException e) {
        throw DeliveryException.transientFailure("TWILIO_UNAVAILABLE");
      } catch (ApiException e) {
        throw classify(e);
      }
    }, false);
  }

  static DeliveryException classify(ApiException e) {
    Integer status = e.getStatusCode();
    String code = e.getCode() == null ? "TWILIO_" + status : "TWILIO_" + e.getCode();
    boolean permanent = status != null && status >= 400 && status < 500 && status != 429;
    return new DeliveryException(code, permanent);
  }
}
