package io.microbs.ecommerce.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images from {@code APPS_ECOMMERCE_CONTENT_BASE_PATH}, as the reference serves them, but each
 * fetched once and kept: {@code <base>/<filename>}, only for the catalogue's file names. A fetch
 * that fails (error status, not an image, unreachable, too slow) answers with the local image and
 * is tried again after a while, so a brief outage of the store does not stick.
 */
final class RemoteImages {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteImages.class);
  /** Well under the gateways' service timeout, so a slow store still gets the caller its local image. */
  static final long FETCH_TIMEOUT_MILLIS = 1_000;
  private static final long RETRY_AFTER_MILLIS = 60_000;

  private final Vertx vertx;
  private final WebClient client;
  private final String basePath;
  /** One entry per file name, shared by concurrent requests; touched only on the verticle's event loop. */
  private final Map<String, Future<ContentImage>> fetched = new HashMap<>();

  RemoteImages(Vertx vertx, String basePath) {
    this.vertx = vertx;
    this.basePath = basePath;
    // The reference does not follow redirects either; a redirect counts as a failed fetch.
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /** The image fetched from the base path, fetching it first if needed; {@code local} when that fails. */
  Future<ContentImage> image(String filename, ContentImage local) {
    return fetched.computeIfAbsent(filename, name -> fetch(name, local));
  }

  private Future<ContentImage> fetch(String filename, ContentImage local) {
    String url = basePath + "/" + filename;
    return client.getAbs(url)
        .timeout(FETCH_TIMEOUT_MILLIS)
        .send()
        .compose(RemoteImages::asImage)
        .recover(failure -> {
          LOG.warn("could not fetch " + url + " (" + failure.getMessage() + "); serving the local image, retrying in "
              + RETRY_AFTER_MILLIS / 1000 + " s");
          vertx.setTimer(RETRY_AFTER_MILLIS, timer -> fetched.remove(filename));
          return Future.succeededFuture(local);
        });
  }

  private static Future<ContentImage> asImage(HttpResponse<Buffer> response) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE.toString());
    if (response.statusCode() != 200) {
      return Future.failedFuture("status " + response.statusCode());
    }
    if (type == null || !type.startsWith("image/") || response.body() == null || response.body().length() == 0) {
      return Future.failedFuture("not an image (" + type + ")");
    }
    return Future.succeededFuture(ContentImage.of(response.body(), type));
  }

  void close() {
    client.close();
  }
}
