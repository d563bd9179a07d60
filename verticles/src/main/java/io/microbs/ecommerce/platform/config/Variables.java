package io.microbs.ecommerce.platform.config;

import java.util.Map;
import java.util.Objects;

/**
 * Typed reads of environment variables, each failure a {@link ConfigException} that names its variable. Every
 * package reads its own settings through one of these; a blank value counts as unset.
 */
public final class Variables {
  private final Map<String, String> env;

  /** Reads {@code env} as it is asked, not a copy of it (a test can see which variables were read). */
  public Variables(Map<String, String> env) {
    this.env = Objects.requireNonNull(env);
  }

  public String text(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public boolean flag(String name, boolean fallback) {
    String value = text(name, "");
    if (value.isEmpty()) {
      return fallback;
    }
    return switch (value.toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
    };
  }

  /** A number of 0 or more, such as a scale factor. */
  public double decimal(String name, double fallback) {
    String value = text(name, "");
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= 0 && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(name + " must be a number of 0 or more, got '" + value + "'");
  }

  public int positiveInt(String name, int fallback) {
    return number(name, fallback, 1, Integer.MAX_VALUE);
  }

  public int port(String name, int fallback) {
    return number(name, fallback, 1, 65_535);
  }

  public int number(String name, int fallback, int min, int max) {
    String value = text(name, "");
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
  }
}
