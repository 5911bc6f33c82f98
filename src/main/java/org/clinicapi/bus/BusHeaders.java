package org.clinicapi.bus;

/** Header names carried by every request on the event bus. */
public final class BusHeaders {
  /** The {@link Operation#name()} a request asks for. */
  public static final String OPERATION = "operation";
  public static final String REQUEST_ID = "x-request-id";

  private BusHeaders() {
  }
}
