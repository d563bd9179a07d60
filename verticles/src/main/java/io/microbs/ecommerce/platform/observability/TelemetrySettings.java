package io.microbs.ecommerce.platform.observability;

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
}
