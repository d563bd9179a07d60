package io.microbs.ecommerce.platform.bus;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.function.Function;

/**
 * Calls a service over the event bus as if over HTTP, always with a timeout. A service that is not
 * running anywhere answers 503 and one that does not answer in time 504, each as a
 * {@link ServiceException} carrying that status; a service's own error statuses come back as
 * ordinary responses for the caller to read.
 */
public final class ServiceClient {
  private final Vertx vertx;
  private final Function<Service, Duration> timeouts;

  /** A client that waits {@code timeout} for any service. */
  public ServiceClient(Vertx vertx, Duration timeout) {
    this(vertx, service -> timeout);
  }

  /** A client that waits as long as {@code timeouts} says for each service. */
  public ServiceClient(Vertx vertx, Function<Service, Duration> timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    HttpMessages.registerOn(vertx);
  }

  public Future<ServiceResponse> request(Service service, HttpMethod method, String path, String query, MultiMap headers,
      Buffer body) {
    long timeoutMillis = timeouts.apply(service).toMillis();
    ServiceRequest request = new ServiceRequest(method, path, query == null ? "" : query, headers, body);
    return vertx.eventBus()
        .<ServiceResponse>request(service.address(), request, new DeliveryOptions().setSendTimeout(timeoutMillis))
        .transform(reply -> reply.succeeded()
            ? Future.succeededFuture(reply.result().body())
            : Future.failedFuture(classify(service, reply.cause(), timeoutMillis)));
  }

  /** A JSON request to {@code endpoint} of {@code service}, its path filled in with {@code values}. */
  public Future<ServiceResponse> request(Service service, Endpoint endpoint, Buffer jsonBody, String... values) {
    return request(service, endpoint.method(), endpoint.path(values), jsonBody);
  }

  /** A JSON request with no extra headers, as one service calls another. */
  public Future<ServiceResponse> request(Service service, HttpMethod method, String path, Buffer jsonBody) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", ServiceResponse.JSON);
    return request(service, method, path, "", headers, jsonBody);
  }

  private static ServiceException classify(Service service, Throwable failure, long timeoutMillis) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> new ServiceException(504, service + " did not answer within " + timeoutMillis + " ms", failure);
        case NO_HANDLERS -> new ServiceException(503, service + " is not available", failure);
        case RECIPIENT_FAILURE -> new ServiceException(502, service + " failed to answer", failure);
        case ERROR -> new ServiceException(503, service + " could not be reached", failure);
      };
    }
    return new ServiceException(503, service + " could not be reached", failure);
  }
}
