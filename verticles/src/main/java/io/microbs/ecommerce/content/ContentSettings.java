package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.Variables;
import java.util.regex.Pattern;

/**
 * Where product images may be fetched from ({@code APPS_ECOMMERCE_CONTENT_BASE_PATH}, as {@code <basePath>/<filename>}),
 * without a trailing slash; empty: the local images only.
 */
public record ContentSettings(String basePath) {
  private static final Pattern BASE_PATH = Pattern.compile("https?://[^/\\s?#]+(/[^\\s?#]*)?");

  public static ContentSettings from(Variables vars) {
    String base = vars.text("APPS_ECOMMERCE_CONTENT_BASE_PATH", "");
    if (!base.isEmpty() && !BASE_PATH.matcher(base).matches()) {
      throw new ConfigException("APPS_ECOMMERCE_CONTENT_BASE_PATH must be an http:// or https:// URL, got '" + base + "'");
    }
    return new ContentSettings(base.replaceAll("/+$", ""));
  }
}
