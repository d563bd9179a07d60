package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus rules, checked by Prometheus's own {@code promtool}: they load, their unit
 * tests pass (series in, alerts out), the scrape configurations load; and each alert is one an on-call
 * person can act on: it has a summary, a description and a runbook that exists, and a unit test that
 * makes it fire.
 */
class AlertRulesIT {
  static final Path OBSERVABILITY = Path.of(System.getProperty("ecommerce.observability", "../observability"));
  static final Path RULES = OBSERVABILITY.resolve("prometheus/rules.yml");
  private static final Path RULE_TESTS = OBSERVABILITY.resolve("prometheus/rules.test.yml");
  private static final Path RUNBOOKS = OBSERVABILITY.resolve("README.md");

  @BeforeAll
  static void needsPromtool() {
    // CI installs Debian's prometheus package (.ci/run), so there a missing promtool fails the build
    assumeTrue(onPath("promtool") || "true".equals(System.getenv("CI")), "promtool is not installed");
  }

  static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  @Test
  void promtoolLoadsTheRules() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  void everyAlertFiresInItsUnitTestAndNoneFiresForAHealthyShop() throws Exception {
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");

    Set<String> firing = new HashSet<>();
    Set<String> quietWhenHealthy = new HashSet<>();
    JsonNode tests = new YAMLMapper().readTree(RULE_TESTS.toFile()).get("tests");
    for (JsonNode test : tests) {
      for (JsonNode expectation : test.path("alert_rule_test")) {
        (expectation.path("exp_alerts").isEmpty() ? quietWhenHealthy : firing).add(expectation.get("alertname").asText());
      }
    }
    assertThat(firing).as("alerts a unit test makes fire").containsExactlyInAnyOrderElementsOf(alertNames());
    List<String> healthy = new ArrayList<>();
    tests.get(0).path("alert_rule_test").forEach(expectation -> healthy.add(expectation.get("alertname").asText()));
    assertThat(tests.get(0).get("name").asText()).contains("healthy");
    assertThat(healthy).as("alerts the healthy shop's test expects silent").containsExactlyInAnyOrderElementsOf(alertNames());
  }

  @Test
  void everyAlertSaysWhatIsWrongAndPointsToItsRunbook() throws Exception {
    String readme = Files.readString(RUNBOOKS);
    for (JsonNode alert : alerts()) {
      String name = alert.get("alert").asText();
      JsonNode annotations = alert.get("annotations");
      assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
      assertThat(annotations.path("runbook").asText()).as(name + " runbook")
          .isEqualTo("observability/README.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(readme).as("a runbook section for " + name).contains("\n### " + name + "\n");
      assertThat(alert.path("labels").path("severity").asText()).as(name + " severity").isIn("page", "ticket", "info");
    }
  }

  @Test
  void theScrapeConfigurationsOfOneJvmAndOfSeparateJvmsLoad() throws Exception {
    // prometheus-kubernetes.yml is left out: Debian's Prometheus is built without Kubernetes discovery
    for (String config : List.of("prometheus.yml", "prometheus-jvms.yml")) {
      assertThat(promtool("check", "config", OBSERVABILITY.resolve("prometheus").resolve(config).toString()))
          .as(config).contains("SUCCESS");
    }
  }

  static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).get("groups")) {
      group.get("rules").forEach(rule -> {
        if (rule.has("alert")) {
          alerts.add(rule);
        }
      });
    }
    return alerts;
  }

  static List<String> alertNames() throws IOException {
    return alerts().stream().map(alert -> alert.get("alert").asText()).toList();
  }

  /** Runs promtool and gives its output; fails the test when it exits non-zero. */
  private static String promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
    assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
