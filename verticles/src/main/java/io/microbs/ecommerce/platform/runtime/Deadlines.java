package io.microbs.ecommerce.platform.runtime;

import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/**
 * How long a JVM's start ({@code START_TIMEOUT_SECONDS}) and its graceful stop ({@code STOP_TIMEOUT_SECONDS}) may
 * take; past either, the JVM says so and exits 1, so that what runs it can start it again.
 */
public record Deadlines(Duration start, Duration stop) {

  public static Deadlines from(Variables vars) {
    return new Deadlines(
        // the pods' startup probe allows as long: a start that has not finished by then will not
        Duration.ofSeconds(vars.positiveInt("START_TIMEOUT_SECONDS", 600)),
        // Kubernetes' 30 s grace less the pods' 5 s preStop pause, with a margin
        Duration.ofSeconds(vars.positiveInt("STOP_TIMEOUT_SECONDS", 20)));
  }
}
