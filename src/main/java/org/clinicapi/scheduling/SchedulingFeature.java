package org.clinicapi.scheduling;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.clinicapi.bus.Addresses;
import org.clinicapi.scheduling.api.ProviderListVersion;
import org.clinicapi.scheduling.api.ProvidersService;
import org.clinicapi.web.Feature;
import org.clinicapi.web.FeatureContext;
import org.clinicapi.web.ServiceContext;

import java.util.List;

/** Provider profiles, weekly hours, time off and free slots; bookings read the booking rules in their own transaction (api.BookingRules). */
public final class SchedulingFeature implements Feature {
  /**
   * Appointment changes made outside a request (payments cancelling an unpaid booking, jobs) free or take slots too:
   * their events, published after the commit, bump the provider list's version. Requests bump it themselves before
   * answering; this catches the rest.
   */
  private static final List<String> APPOINTMENT_EVENTS = List.of(Addresses.APPOINTMENTS_BOOKED, Addresses.APPOINTMENTS_RESCHEDULED,
      Addresses.APPOINTMENTS_CANCELLED, Addresses.APPOINTMENTS_STATUS_CHANGED);

  @Override
  public Future<List<Router>> routes(FeatureContext f) {
    ProviderListVersion version = new ProviderListVersion(f.redis(), f.config().redis());
    APPOINTMENT_EVENTS.forEach(address -> f.vertx().eventBus().consumer(address, message -> version.bump()));
    return Future.succeededFuture(List.of(ProvidersRoutes.create(f), ScheduleRoutes.create(f), VerificationRoutes.create(f)));
  }

  @Override
  public Future<Void> bindServices(ServiceContext s) {
    ProvidersService providers = new ProvidersServiceImpl(s.pool(), new BookedTimes());
    return s.serve(providers, ProvidersService.OPERATIONS);
  }
}
