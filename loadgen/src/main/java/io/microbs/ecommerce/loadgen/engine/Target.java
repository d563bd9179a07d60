package io.microbs.ecommerce.loadgen.engine;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URISyntaxException;

/** The storefront under load: the web gateway's base URL, as {@code --url} or the verticle's settings give it. */
public record Target(String url, String host, int port, boolean ssl, String basePath) {

  public static Target parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host");
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new Target(url.trim(), uri.getHost(), port, ssl, basePath);
  }

  /** {@code /api/v1/cart} under the base URL's path. */
  String path(String path) {
    return basePath + path;
  }

  /**
   * A client for this target. Connections are kept alive and shared by the visits, as a browser
   * keeps its own: {@code connections} caps them (a closed-model user holds at most one at a time).
   */
  public WebClient client(Vertx vertx, int connections) {
    WebClientOptions options = new WebClientOptions()
        .setDefaultHost(host)
        .setDefaultPort(port)
        .setSsl(ssl)
        .setKeepAlive(true)
        .setUserAgent("microbs-loadgen")
        .setFollowRedirects(false)
        .setConnectTimeout(5_000)
        // deployed in the shop, every request starts a trace of its own (the CLI has no tracer: no cost)
        .setTracingPolicy(TracingPolicy.ALWAYS);
    return WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(connections));
  }
}
