package io.microbs.ecommerce.platform.bus;

import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A route of a service said once, by the {@code api} package of the service that answers it, for its router and its
 * callers alike: the method and the path, whose {@code :name} segments a caller fills in.
 */
public record Endpoint(HttpMethod method, String template) {

  public static Endpoint get(String template) {
    return new Endpoint(HttpMethod.GET, template);
  }

  public static Endpoint post(String template) {
    return new Endpoint(HttpMethod.POST, template);
  }

  public static Endpoint delete(String template) {
    return new Endpoint(HttpMethod.DELETE, template);
  }

  /** The path with its {@code :name} segments, in order, replaced by {@code values}, each encoded as a path segment. */
  public String path(String... values) {
    String[] segments = template.split("/", -1);
    int next = 0;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].startsWith(":")) {
        if (next == values.length) {
          throw new IllegalArgumentException(template + " needs more than " + values.length + " values");
        }
        segments[i] = URLEncoder.encode(values[next++], StandardCharsets.UTF_8).replace("+", "%20");
      }
    }
    if (next != values.length) {
      throw new IllegalArgumentException(template + " takes " + next + " values, not " + values.length);
    }
    return String.join("/", segments);
  }
}
