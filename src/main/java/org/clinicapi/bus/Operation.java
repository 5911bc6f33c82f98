package org.clinicapi.bus;

import io.vertx.core.Future;

/**
 * One request/reply operation of a bus service: its address, its name on the wire, and how the serving
 * side calls the implementation. A service's interface declares one constant per method, so the name
 * exists in one place and a wrong request or reply type does not compile — on the calling side
 * ({@link BusClient#request}) nor on the serving side ({@link ServiceBinder}).
 *
 * @param <S> the service interface
 * @param <I> the request: an immutable record (or UUID, String) that may cross a clustered bus
 * @param <O> the reply, likewise ({@code Void} for none)
 */
public record Operation<S, I, O>(String address, String name, Invoker<S, I, O> invoker) {

  public static <S, I, O> Operation<S, I, O> of(String address, String name, Invoker<S, I, O> invoker) {
    return new Operation<>(address, name, invoker);
  }

  /** Usually a method reference to the service interface, e.g. {@code AppointmentsService::get}. */
  @FunctionalInterface
  public interface Invoker<S, I, O> {
    Future<O> invoke(S service, I request);
  }
}
