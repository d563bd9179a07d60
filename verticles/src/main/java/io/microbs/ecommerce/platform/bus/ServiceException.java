package io.microbs.ecommerce.platform.bus;

import io.microbs.ecommerce.platform.data.DataUnavailableException;
import io.vertx.core.http.HttpMethod;

/**
 * A request that ends in an HTTP error status with a message fit for the caller; how every
 * expected failure travels, from bad input (4xx) to a dependency that is away (503/504).
 */
public class ServiceException extends RuntimeException {
  private final int status;

  public ServiceException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public ServiceException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  public static ServiceException badRequest(String message) {
    return new ServiceException(400, message);
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(404, message);
  }

  /** A path that exists, asked with a method it does not take. */
  public static ServiceException methodNotAllowed(HttpMethod method, String path) {
    return new ServiceException(405, method + " is not allowed on " + path);
  }

  public static ServiceException unavailable(String message, Throwable cause) {
    return new ServiceException(503, message, cause);
  }

  /** The failure as its caller should see it when it is an expected one (bad input, a dependency away); null for a bug. */
  public static ServiceException expected(Throwable failure) {
    if (failure instanceof ServiceException known) {
      return known;
    }
    if (failure instanceof DataUnavailableException away) {
      return unavailable(away.getMessage(), away);
    }
    return null;
  }

  public int status() {
    return status;
  }

  public ServiceResponse toResponse() {
    return ServiceResponse.failure(status, getMessage());
  }
}
