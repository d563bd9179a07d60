package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;

/**
 * The product images: {@code GET /<filename>} for the 32 file names of the catalogue, as
 * {@code image/jpeg} with an ETag (304 when the caller has it already) and a cache lifetime. The
 * images are the build's own drawings, held in memory; with {@code APPS_ECOMMERCE_CONTENT_BASE_PATH}
 * set, each is fetched from there once instead, the local one standing in when that fails. Any
 * other name is a 404, whatever it looks like.
 */
public class ContentVerticle extends VerticleBase {
  private static final String CACHE_CONTROL = "public, max-age=3600";

  private final String basePath;
  private Map<String, ContentImage> local;
  private RemoteImages remote;
  private ContentFaults faults;

  public ContentVerticle(ContentSettings settings) {
    this.basePath = settings.basePath();
  }

  @Override
  public Future<?> start() {
    faults = new ContentFaults(vertx);
    return vertx.executeBlocking(LocalImages::load)
        .compose(images -> {
          local = images;
          if (!basePath.isEmpty()) {
            remote = new RemoteImages(vertx, basePath);
          }
          return ServiceRouter.of(Service.CONTENT, config())
              .get("/:filename", this::image)
              .listen(vertx);
        });
  }

  @Override
  public Future<?> stop() {
    if (remote != null) {
      remote.close();
    }
    return Future.succeededFuture();
  }

  private Future<ServiceResponse> image(ServiceRequest request) {
    ContentImage stored = local.get(request.param("filename"));
    if (stored == null) {
      return Future.failedFuture(ServiceException.notFound("no such image"));
    }
    Future<ContentImage> image = remote == null ? Future.succeededFuture(stored) : remote.image(request.param("filename"), stored);
    return faults.delayed(image).map(found -> answer(found, request.header(HttpHeaders.IF_NONE_MATCH.toString())));
  }

  private static ServiceResponse answer(ContentImage image, String ifNoneMatch) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(HttpHeaders.ETAG, image.etag())
        .add(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    if (image.matches(ifNoneMatch)) {
      return new ServiceResponse(304, headers, Buffer.buffer());
    }
    headers.add(HttpHeaders.CONTENT_TYPE, image.contentType());
    return new ServiceResponse(200, headers, image.bytes());
  }
}
