package io.microbs.ecommerce.platform.data;

/**
 * A data server (product-data, cart-data, session-data) did not answer in time or could not be
 * reached. The data layer knows nothing of HTTP: the service layer answers it with a 503.
 */
public class DataUnavailableException extends RuntimeException {
  public DataUnavailableException(String dataService, Throwable cause) {
    super(dataService + " is unavailable", cause, false, false);
  }
}
