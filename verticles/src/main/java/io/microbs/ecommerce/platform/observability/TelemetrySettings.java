package io.microbs.ecommerce.platform.observability;

import io.microbs.ecommerce.platform.config.Variables;

/**
 * What the telemetry of every service is configured with.
 *
 * @param deploymentEnvironment {@code deployment.environment} on every span ({@code DEPLOYMENT_ENVIRONMENT})
 * @param serviceVersion {@code service.version} on every span ({@code SERVICE_VERSION})
 * @param otlpEndpoint the reference's OTLP gRPC receiver as a URL ({@code OTLP_RECEIVER_HOST}/{@code _PORT}); empty: none
 * @param otelExporterConfigured whether the SDK's own {@code OTEL_*} variables name an exporter, which then wins
 */
public record TelemetrySettings(String deploymentEnvironment, String serviceVersion, String otlpEndpoint,
    boolean otelExporterConfigured) {

  public static TelemetrySettings from(Variables vars) {
    return new TelemetrySettings(vars.text("DEPLOYMENT_ENVIRONMENT", "development"), vars.text("SERVICE_VERSION", ""),
        otlpEndpoint(vars),
        !vars.text("OTEL_EXPORTER_OTLP_ENDPOINT", "").isEmpty() || !vars.text("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").isEmpty()
            || !vars.text("OTEL_TRACES_EXPORTER", "").isEmpty());
  }

  /**
   * The reference's OTLP receiver ({@code OTLP_RECEIVER_HOST}, {@code OTLP_RECEIVER_PORT}, gRPC) as an
   * endpoint URL; empty when not set. The SDK's own {@code OTEL_*} variables, read by its
   * autoconfigure, win over it.
   */
  private static String otlpEndpoint(Variables vars) {
    String host = vars.text("OTLP_RECEIVER_HOST", "");
    return host.isEmpty() ? "" : "http://" + host + ":" + vars.port("OTLP_RECEIVER_PORT", 4317);
  }
}
