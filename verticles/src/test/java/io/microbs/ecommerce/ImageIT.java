package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.platform.runtime.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image that {@code mvn package -Pimage} builds, read from its tarball as a container runtime
 * would: what it runs, as whom, on which ports, with what environment, and that the Hazelcast
 * configurations travel in it. {@code mvn verify} builds the same image on an empty base for it.
 */
class ImageIT {
  private static final Path UNPACKED = Path.of("target", "jib-image");

  private static JsonObject manifest;
  private static JsonObject config;

  @BeforeAll
  static void unpackTheImage() throws Exception {
    Path tar = Path.of(System.getProperty("ecommerce.image.tar", "target/jib-image.tar"));
    Files.createDirectories(UNPACKED);
    run("tar", "-xf", tar.toString(), "-C", UNPACKED.toString());
    manifest = new JsonArray(Files.readString(UNPACKED.resolve("manifest.json"))).getJsonObject(0);
    config = new JsonObject(Files.readString(UNPACKED.resolve(manifest.getString("Config")))).getJsonObject("config");
  }

  @Test
  void isTaggedWithTheNameTheManifestsUse() {
    assertThat(manifest.getJsonArray("RepoTags").getList()).containsExactly(System.getProperty("ecommerce.image.name"));
  }

  @Test
  void runsTheLauncherWithJvmFlagsThatFollowTheContainersLimits() {
    List<String> entrypoint = strings(config.getJsonArray("Entrypoint"));

    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint).last().isEqualTo(Main.class.getName());
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError");
    assertThat(entrypoint).contains("--add-opens=java.base/java.lang=ALL-UNNAMED");
  }

  @Test
  void runsAsAnUnprivilegedUser() {
    String user = config.getString("User");

    assertThat(user).matches("\\d+:\\d+");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
  }

  @Test
  void exposesThePortsTheShopListensOnByDefault() {
    Config defaults = Config.from(Map.of());

    assertThat(config.getJsonObject("ExposedPorts").fieldNames()).containsExactlyInAnyOrder(
        defaults.ports().webGateway() + "/tcp",
        defaults.ports().apiGateway() + "/tcp",
        defaults.ports().management() + "/tcp",
        defaults.cluster().port() + "/tcp");
  }

  @Test
  void startsEveryServiceUnlessToldOtherwiseAndCarriesNoSecret() {
    List<String> env = strings(config.getJsonArray("Env"));

    assertThat(env).contains("SERVICES=all");
    assertThat(env).noneMatch(variable -> variable.startsWith("ADMIN_TOKEN=") || variable.contains("PASSWORD"));
  }

  @Test
  void carriesTheHazelcastConfigurations() throws Exception {
    List<String> files = new ArrayList<>();
    for (Object layer : manifest.getJsonArray("Layers")) {
      files.addAll(run("tar", "-tzf", UNPACKED.resolve((String) layer).toString()));
    }

    assertThat(files).contains("app/resources/cluster/common.xml", "app/resources/cluster/network.xml",
        "app/resources/cluster/kubernetes.xml");
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }

  /** Runs a command, fails on a non-zero exit, and returns its output lines. */
  private static List<String> run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", List.of(command), lines).isZero();
    return lines;
  }
}
