package io.microbs.ecommerce.loadgen.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/**
 * What a step expects of its response, and what it takes from it: reads the response into a value,
 * or throws {@link UnexpectedResponse} with the reason it is wrong.
 */
@FunctionalInterface
public interface Expectation<T> {
  T read(HttpResponse<Buffer> response);
}
