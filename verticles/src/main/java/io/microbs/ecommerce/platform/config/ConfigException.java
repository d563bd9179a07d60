package io.microbs.ecommerce.platform.config;

/** A configuration value is missing or malformed; the message names the variable. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
