package io.microbs.ecommerce.platform.config;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A secret no one chose, for a setting left unset: a run then works, with a secret only it knows. */
public final class RandomSecret {
  private RandomSecret() {
  }

  /** {@code bytes} from a strong random source, as hexadecimal. */
  public static String hex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
