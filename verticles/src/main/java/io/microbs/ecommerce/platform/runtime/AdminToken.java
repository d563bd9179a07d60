package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.config.RandomSecret;
import io.microbs.ecommerce.platform.config.Variables;

/** The bearer token of the admin API ({@code ADMIN_TOKEN}); {@code generated} when none was set. */
public record AdminToken(String token, boolean generated) {

  public static AdminToken from(Variables vars) {
    String token = vars.text("ADMIN_TOKEN", "");
    return token.isEmpty() ? new AdminToken(RandomSecret.hex(24), true) : new AdminToken(token, false);
  }

  @Override
  public String toString() {
    return "AdminToken[generated=" + generated + "]"; // never the token
  }
}
