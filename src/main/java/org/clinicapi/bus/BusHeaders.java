package org.clinicapi.bus;

/** Header names carried by every request on the event bus. */
public final class BusHeaders {
  public static final String ACTION = "action";
  public static final String REQUEST_ID = "x-request-id";

  private BusHeaders() {
  }
}
