package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image that {@code mvn package -Pimage} builds, read from its tarball as a container runtime
 * would: what it runs, as whom, on which ports, with what environment, that the Hazelcast
 * configurations travel in it, and that every file of its layers (and every entry of their jars)
 * is for the one platform it runs on, linux-amd64, with no build-time code. {@code mvn verify}
 * builds the same image on an empty base for it.
 */
class ImageIT {
  private static final Path UNPACKED = Path.of("target", "jib-image");
  /** The painter that draws the product images at build time (verticles-build/product-images). */
  private static final Pattern BUILD_TIME_CODE =
      Pattern.compile("ProductImagePainter|ProductImageGenerator|io/microbs/ecommerce/productimages/|product-images-[^/]*\\.jar");
  /** Names of native code and of the archives the embedded PostgreSQL unpacks its binaries from. */
  private static final Pattern NATIVE_BY_NAME = Pattern.compile(".*\\.(so|dll|dylib|jnilib|exe|txz)$|.*redis-server-[^/]*$");
  /** The embedded PostgreSQL's archive for linux-amd64 with glibc (not Alpine's musl build). */
  private static final Pattern LINUX_AMD64_POSTGRES = Pattern.compile(".*!postgres-linux-x86_64\\.txz");
  /**
   * The one binary for another platform left in: Hazelcast's 7 KB 32-bit ICMP helper, inside its jar
   * (next to the 64-bit one). Taking it out means repackaging Hazelcast, which loads it only for ICMP
   * pings on a 32-bit JVM, which the image has not.
   */
  private static final Pattern HAZELCAST_32_BIT_HELPER = Pattern.compile("app/libs/hazelcast-[^/]*\\.jar!lib/linux-x86/libicmp_helper\\.so");

  private static JsonObject manifest;
  private static JsonObject config;
  /** Every file of every layer, as a path in the image (app/libs/…); entries of jars as jar!entry. */
  private static List<ImageFile> files;

  @BeforeAll
  static void unpackTheImage() throws Exception {
    Path tar = Path.of(System.getProperty("ecommerce.image.tar", "target/jib-image.tar"));
    Files.createDirectories(UNPACKED);
    run("tar", "-xf", tar.toString(), "-C", UNPACKED.toString());
    manifest = new JsonArray(Files.readString(UNPACKED.resolve("manifest.json"))).getJsonObject(0);
    config = new JsonObject(Files.readString(UNPACKED.resolve(manifest.getString("Config")))).getJsonObject("config");
    files = new ArrayList<>();
    for (Object layer : manifest.getJsonArray("Layers")) {
      files.addAll(filesOf(UNPACKED.resolve((String) layer)));
    }
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
  void carriesTheHazelcastConfigurations() {
    assertThat(paths(files)).contains("app/resources/cluster/common.xml", "app/resources/cluster/network.xml",
        "app/resources/cluster/kubernetes.xml");
  }

  @Test
  void carriesNoBuildTimeCode() {
    assertThat(paths(files).stream().filter(path -> BUILD_TIME_CODE.matcher(path).find()))
        .as("build-time code among the image's files and its jars' entries").isEmpty();
    // what the painter drew is in: the images the content service serves
    assertThat(paths(files)).contains("app/resources/content/images/sweet-tea.jpeg");
  }

  @Test
  void carriesNoBinaryForAnotherPlatformThanLinuxAmd64() {
    List<ImageFile> binaries = files.stream().filter(ImageFile::isNative).toList();
    List<String> foreign = paths(binaries.stream()
        .filter(binary -> !binary.isForLinuxAmd64() && !HAZELCAST_32_BIT_HELPER.matcher(binary.path()).matches())
        .toList());

    assertThat(foreign).as("binaries for another platform than linux-amd64").isEmpty();
    // a test that looks at nothing proves nothing: it did see the image's binaries (Netty's epoll transport among them)
    assertThat(paths(binaries)).anyMatch(path -> path.endsWith("libnetty_transport_native_epoll_x86_64.so"));
  }

  @Test
  void keepsTheLinuxEmbeddedServersSoThatItIsAWholeShopWithNothingConfigured() throws IOException {
    assertThat(paths(files)).anyMatch(path -> LINUX_AMD64_POSTGRES.matcher(path).matches())
        .anyMatch(path -> path.matches("app/embedded-redis/redis-server-[^/]*-linux-amd64"))
        .contains("app/embedded-redis/redis/embedded/RedisServer.class");
    // the slim embedded-redis is on the class path the entry point reads
    assertThat(Files.readString(layerFile("app/jib-classpath-file"))).contains("/app/embedded-redis");
  }

  /** Unpacks a layer (a .tar.gz) beside it and lists its files and the entries of its jars. */
  private static List<ImageFile> filesOf(Path layer) throws IOException, InterruptedException {
    Path root = Path.of(layer + ".d");
    Files.createDirectories(root);
    run("tar", "-xzf", layer.toString(), "-C", root.toString());
    List<ImageFile> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String path = root.relativize(file).toString();
        found.add(new ImageFile(path, head(Files.newInputStream(file))));
        if (path.endsWith(".jar")) {
          found.addAll(entriesOf(file, path));
        }
      }
    }
    return found;
  }

  private static List<ImageFile> entriesOf(Path jar, String path) throws IOException {
    List<ImageFile> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (!entry.isDirectory()) {
          entries.add(new ImageFile(path + "!" + entry.getName(), head(zip.getInputStream(entry))));
        }
      }
    }
    return entries;
  }

  /** The file at {@code path} in whichever layer holds it. */
  private static Path layerFile(String path) {
    return manifest.getJsonArray("Layers").stream()
        .map(layer -> UNPACKED.resolve(layer + ".d").resolve(path))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no layer holds " + path));
  }

  private static byte[] head(InputStream in) {
    try (in) {
      return in.readNBytes(ImageFile.HEADER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> paths(List<ImageFile> files) {
    return files.stream().map(ImageFile::path).toList();
  }

  /** A file of the image, or an entry of one of its jars, with its first bytes: enough to tell native code and its platform. */
  private record ImageFile(String path, byte[] head) {
    /** Every executable format's header is longer than this. */
    private static final int HEADER = 20;
    private static final int ELF_64_BIT = 2;
    private static final int X86_64 = 62;

    boolean isNative() {
      return isElf() || isMachO() || isWindowsExecutable() || NATIVE_BY_NAME.matcher(path).matches();
    }

    /** A 64-bit x86 ELF binary, or the glibc linux-amd64 archive of the embedded PostgreSQL. */
    boolean isForLinuxAmd64() {
      if (isElf()) {
        return head[4] == ELF_64_BIT && (head[18] & 0xff | (head[19] & 0xff) << 8) == X86_64;
      }
      return LINUX_AMD64_POSTGRES.matcher(path).matches();
    }

    private boolean isElf() {
      return startsWith(0x7f, 'E', 'L', 'F');
    }

    private boolean isMachO() {
      return startsWith(0xcf, 0xfa, 0xed, 0xfe) || startsWith(0xce, 0xfa, 0xed, 0xfe)
          || startsWith(0xfe, 0xed, 0xfa, 0xcf) || startsWith(0xfe, 0xed, 0xfa, 0xce);
    }

    private boolean isWindowsExecutable() {
      return !path.endsWith(".class") && startsWith('M', 'Z');
    }

    private boolean startsWith(int... bytes) {
      if (head.length < HEADER) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if ((head[i] & 0xff) != bytes[i]) {
          return false;
        }
      }
      return true;
    }
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
