package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.runtime.AdminToken;
import io.microbs.ecommerce.platform.runtime.Cluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code k8s/}, rendered by {@code kubectl kustomize} as {@code kubectl apply -k}
 * would, then checked object by object and against the code: every service of {@link Service} runs
 * from the image the build makes, with environment variables that {@link Config} reads and accepts,
 * on the ports and with the names the code uses. So the manifests cannot drift from the code.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of(System.getProperty("ecommerce.k8s", "../k8s"));
  private static final String IMAGE = System.getProperty("ecommerce.image.name", "microbs/ecommerce:0.1.0-SNAPSHOT");
  private static final String NAMESPACE = "ecommerce";
  /** The reference's variants (spec §10.5), one overlay each. */
  private static final List<String> VARIANTS = List.of("basic-bug", "sql-syntax-error", "nginx-failure", "bind-localhost",
      "traffic-spike");
  private static final Map<String, String> API_VERSIONS = Map.ofEntries(
      Map.entry("Namespace", "v1"), Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"),
      Map.entry("ServiceAccount", "v1"), Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
      Map.entry("PodDisruptionBudget", "policy/v1"), Map.entry("Role", "rbac.authorization.k8s.io/v1"),
      Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
      Map.entry("PodMonitor", "monitoring.coreos.com/v1"), Map.entry("PrometheusRule", "monitoring.coreos.com/v1"));
  /** The Prometheus Operator's objects, which k8s/monitoring adds to the shop. */
  private static final List<String> MONITORING = List.of("PodMonitor", "PrometheusRule");
  private static final Path RULES = Path.of(System.getProperty("ecommerce.observability", "../observability"))
      .resolve("prometheus/rules.yml");
  /** The loadgen runs as the reference's synthetics Deployment does: its own name, 3 pods, shopping over HTTP. */
  private static final String SYNTHETICS = "synthetics";

  private static List<JsonObject> shop;

  @BeforeAll
  static void render() throws Exception {
    // CI's machines have kubectl (.ci/run), so there a missing one fails the build; elsewhere the test waits for one.
    assumeTrue(onPath("kubectl") || "true".equals(System.getenv("CI")), "kubectl is not installed");
    shop = kustomize(K8S);
  }

  private static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  @Test
  void everyObjectIsWellFormedInTheShopsNamespace() throws Exception {
    for (List<JsonObject> objects : everyRendering()) {
      Set<String> seen = new HashSet<>();
      for (JsonObject object : objects) {
        String kind = object.getString("kind");
        assertThat(API_VERSIONS).as("a kind the shop uses").containsKey(kind);
        assertThat(object.getString("apiVersion")).as(kind).isEqualTo(API_VERSIONS.get(kind));
        String name = name(object);
        assertThat(name).as(kind).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(seen.add(kind + "/" + name)).as("%s/%s is defined once", kind, name).isTrue();
        if (!kind.equals("Namespace")) {
          assertThat(object.getJsonObject("metadata").getString("namespace")).as(kind + "/" + name).isEqualTo(NAMESPACE);
        }
      }
    }
  }

  @Test
  void everyWorkloadIsHardenedAndSelectsItsOwnPods() {
    for (JsonObject workload : workloads(shop)) {
      String name = name(workload);
      JsonObject spec = workload.getJsonObject("spec");
      JsonObject labels = spec.getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
      assertThat(labels.getMap()).as(name).containsAllEntriesOf(spec.getJsonObject("selector").getJsonObject("matchLabels").getMap());
      JsonObject pod = podSpec(workload);
      assertThat(pod.getJsonObject("securityContext").getBoolean("runAsNonRoot")).as(name).isTrue();
      assertThat(pod.getJsonObject("securityContext").getInteger("runAsUser")).as(name).isPositive();
      for (JsonObject container : containers(workload)) {
        JsonObject security = container.getJsonObject("securityContext");
        assertThat(security.getBoolean("allowPrivilegeEscalation")).as(name).isFalse();
        assertThat(security.getBoolean("readOnlyRootFilesystem")).as(name).isTrue();
        assertThat(security.getJsonObject("capabilities").getJsonArray("drop").getList()).as(name).containsExactly("ALL");
        JsonObject resources = container.getJsonObject("resources");
        assertThat(resources.getJsonObject("requests").fieldNames()).as(name).contains("cpu", "memory");
        assertThat(resources.getJsonObject("limits").fieldNames()).as(name).contains("cpu", "memory");
        assertThat(container.getJsonObject("readinessProbe")).as("%s is probed", name).isNotNull();
        Set<String> portNames = new HashSet<>();
        container.getJsonArray("ports", new JsonArray()).forEach(port -> portNames.add(((JsonObject) port).getString("name")));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          JsonObject http = container.getJsonObject(probe, new JsonObject()).getJsonObject("httpGet");
          if (http != null) {
            assertThat(portNames).as("%s %s port", name, probe).contains(http.getString("port"));
          }
        }
      }
    }
  }

  @Test
  void everyServiceOfTheCodeRunsTwiceFromTheImageTheBuildMakes() {
    Config defaults = Config.from(Map.of());
    for (Service service : Service.values()) {
      if (service == Service.LOADGEN) {
        continue; // the synthetics, below
      }
      JsonObject deployment = find(shop, "Deployment", service.serviceName());
      JsonObject container = containers(deployment).get(0);
      assertThat(deployment.getJsonObject("spec").getInteger("replicas")).as(service.serviceName()).isEqualTo(2);
      assertThat(container.getString("image")).as(service.serviceName()).isEqualTo(IMAGE);
      assertThat(env(container).get("SERVICES")).isEqualTo(service.serviceName());
      assertThat(containerPort(container, "management")).isEqualTo(defaults.ports().management());
      assertThat(container.getJsonObject("readinessProbe").getJsonObject("httpGet").getString("path")).isEqualTo("/readyz");
      assertThat(container.getJsonObject("livenessProbe").getJsonObject("httpGet").getString("path")).isEqualTo("/healthz");
      assertThat(container.getJsonObject("lifecycle").getJsonObject("preStop")).as("a pause before SIGTERM").isNotNull();
      JsonObject rolling = deployment.getJsonObject("spec").getJsonObject("strategy").getJsonObject("rollingUpdate");
      assertThat(rolling.getInteger("maxSurge")).isEqualTo(1);
      assertThat(rolling.getInteger("maxUnavailable")).isZero();

      JsonObject podLabels = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
          .getJsonObject("labels");
      JsonObject budget = find(shop, "PodDisruptionBudget", service.serviceName());
      assertThat(budget.getJsonObject("spec").getInteger("minAvailable")).isEqualTo(1);
      assertThat(selects(budget.getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"), podLabels)).isTrue();
      JsonObject k8sService = find(shop, "Service", service.serviceName());
      assertThat(selects(k8sService.getJsonObject("spec").getJsonObject("selector"), podLabels)).isTrue();
    }
    JsonObject synthetics = containers(find(shop, "Deployment", SYNTHETICS)).get(0);
    assertThat(synthetics.getString("image")).isEqualTo(IMAGE);
    assertThat(env(synthetics).get("SERVICES")).isEqualTo(Service.LOADGEN.serviceName());
    assertThat(containerPort(containers(find(shop, "Deployment", "web-gateway")).get(0), "http"))
        .isEqualTo(defaults.ports().webGateway());
    assertThat(containerPort(containers(find(shop, "Deployment", "api-gateway")).get(0), "http"))
        .isEqualTo(defaults.ports().apiGateway());
  }

  @Test
  void onlyTheWebGatewayIsReachableFromOutsideOnPort80() {
    List<JsonObject> external = shop.stream()
        .filter(object -> object.getString("kind").equals("Service"))
        .filter(service -> "LoadBalancer".equals(service.getJsonObject("spec").getString("type")))
        .toList();

    assertThat(external).extracting(KubernetesManifestsTest::name).containsExactly("web-gateway-external");
    JsonObject port = external.get(0).getJsonObject("spec").getJsonArray("ports").getJsonObject(0);
    assertThat(port.getInteger("port")).isEqualTo(80);
    assertThat(port.getString("targetPort")).isEqualTo("http");
    assertThat(external.get(0).getJsonObject("spec").getJsonObject("selector").getString("app.kubernetes.io/name"))
        .isEqualTo("web-gateway");
  }

  @Test
  void everyJvmTakesTheOneAdminTokenFromTheSecret() {
    Set<String> tokens = new HashSet<>();
    for (JsonObject deployment : appDeployments(shop)) {
      AdminToken admin = Config.from(env(containers(deployment).get(0))).admin();
      assertThat(admin.generated()).as("%s has ADMIN_TOKEN", name(deployment)).isFalse();
      tokens.add(admin.token());
    }
    assertThat(tokens).as("one token, the synthetics' too").hasSize(1);
  }

  @Test
  void theShopsConfigurationIsWhatConfigReadsAndAccepts() {
    for (JsonObject deployment : appDeployments(shop)) {
      String name = name(deployment);
      Map<String, String> env = env(containers(deployment).get(0));
      Set<String> read = new HashSet<>();
      Map<String, String> recording = new HashMap<>(env) {
        @Override
        public String get(Object key) {
          read.add((String) key);
          return super.get(key);
        }
      };
      Config config = Config.from(recording);
      Set<String> unread = new HashSet<>(env.keySet());
      unread.removeAll(read);
      assertThat(unread).as("variables %s sets that Config does not read", name).isEmpty();
      if (name.equals(SYNTHETICS)) {
        // shopping over HTTP, to the web gateway's Service, as the reference's k6 did
        assertThat(config.synthetics().target()).isEqualTo("http://web-gateway:" + servicePort("web-gateway"));
      }
      // every JVM is a member, the synthetics too: the variants reach them over the event bus
      assertThat(config.clustered()).as(name).isTrue();
      assertThat(config.cluster().discovery()).as(name).isEqualTo(Cluster.Discovery.KUBERNETES);
    }
  }

  @Test
  void theEventBusMembersFindEachOtherThroughTheHeadlessService() {
    Config member = Config.from(env(containers(find(shop, "Deployment", "product")).get(0)));
    JsonObject headless = find(shop, "Service", member.cluster().kubernetesService());
    JsonObject spec = headless.getJsonObject("spec");

    assertThat(spec.getString("clusterIP")).isEqualTo("None");
    assertThat(spec.getBoolean("publishNotReadyAddresses")).isTrue();
    assertThat(spec.getJsonArray("ports").getJsonObject(0).getInteger("port")).isEqualTo(member.cluster().port());
    for (JsonObject workload : workloads(shop)) {
      JsonObject podLabels = workload.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
          .getJsonObject("labels");
      boolean isMember = Service.named(name(workload)).isPresent() || name(workload).equals(SYNTHETICS);
      assertThat(selects(spec.getJsonObject("selector"), podLabels)).as("%s is a member", name(workload)).isEqualTo(isMember);
      if (isMember) {
        assertThat(containerPort(containers(workload).get(0), "hazelcast")).isEqualTo(member.cluster().port());
        assertThat(podSpec(workload).getString("serviceAccountName")).isEqualTo("event-bus-member");
      }
    }
    JsonObject role = find(shop, "Role", "hazelcast-discovery");
    JsonObject core = role.getJsonArray("rules").getJsonObject(0);
    assertThat(core.getJsonArray("resources").getList()).contains("endpoints", "pods");
    assertThat(core.getJsonArray("verbs").getList()).contains("get", "list");
    JsonObject binding = find(shop, "RoleBinding", "hazelcast-discovery");
    assertThat(binding.getJsonArray("subjects").getJsonObject(0).getString("name")).isEqualTo("event-bus-member");
    assertThat(binding.getJsonArray("subjects").getJsonObject(0).getString("namespace")).isEqualTo(NAMESPACE);
  }

  @Test
  void theDataAddressesNameTheDataServers() {
    Config member = Config.from(env(containers(find(shop, "Deployment", "checkout")).get(0)));

    assertThat(servicePort(member.data().productData().host())).isEqualTo(member.data().productData().port());
    Map<String, String> postgres = env(containers(find(shop, "StatefulSet", member.data().productData().host())).get(0));
    assertThat(postgres.get("POSTGRES_PASSWORD")).isEqualTo(member.data().productData().password());
    for (var redis : List.of(member.data().cartData(), member.data().sessionData())) {
      assertThat(redis.usesSentinels()).isTrue();
      for (String sentinel : redis.sentinels()) {
        String[] hostPort = sentinel.split(":");
        assertThat(servicePort(hostPort[0])).as(sentinel).isEqualTo(Integer.parseInt(hostPort[1]));
        JsonObject sentinels = find(shop, "Deployment", hostPort[0]);
        assertThat(sentinels.getJsonObject("spec").getInteger("replicas")).isEqualTo(3);
        assertThat(sentinels.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
            .getJsonObject("labels").getString("app.kubernetes.io/instance"))
            .as("the master name the Sentinels watch").isEqualTo(redis.masterName());
      }
      JsonObject servers = find(shop, "StatefulSet", redis.masterName());
      assertThat(servers.getJsonObject("spec").getInteger("replicas")).as("a master and a replica").isEqualTo(2);
    }
  }

  @Test
  void eachVariantChangesOnlyWhatItNames() throws Exception {
    try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
      assertThat(overlays.map(path -> path.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(VARIANTS);
    }
    assertChanges("basic-bug", "product", deployment -> assertThat(env(containers(deployment).get(0)))
        .containsEntry("VARIANT", "basic-bug"));
    assertChanges("sql-syntax-error", "product", deployment -> assertThat(env(containers(deployment).get(0)))
        .containsEntry("VARIANT", "sql-syntax-error"));
    assertChanges("nginx-failure", "api-gateway", deployment -> assertThat(env(containers(deployment).get(0)))
        .containsEntry("VARIANT", "nginx-failure"));
    assertChanges("bind-localhost", "api-gateway", deployment -> {
      Map<String, String> env = env(containers(deployment).get(0));
      assertThat(Config.from(env).ports().bindHost()).isEqualTo("127.0.0.1");
    });
    assertChanges("traffic-spike", "synthetics", deployment -> {
      assertThat(deployment.getJsonObject("spec").getInteger("replicas")).isEqualTo(6);
      JsonObject container = containers(deployment).get(0);
      assertThat(env(container)).containsEntry("NUM_VIRTUAL_USERS", "150");
      assertThat(container.getJsonObject("resources").containsKey("limits")).isFalse();
    });
  }

  @Test
  void everyJvmIsScrapedByAnnotationOnItsManagementPort() {
    for (JsonObject deployment : appDeployments(shop)) {
      JsonObject annotations = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
          .getJsonObject("annotations", new JsonObject());
      String name = name(deployment);
      assertThat(annotations.getString("prometheus.io/scrape")).as(name).isEqualTo("true");
      assertThat(annotations.getString("prometheus.io/port")).as(name)
          .isEqualTo(Integer.toString(containerPort(containers(deployment).get(0), "management")));
      assertThat(annotations.getString("prometheus.io/path")).as(name).isEqualTo("/metrics");
    }
  }

  @Test
  void theMonitoringOverlayAddsAPodMonitorOfEveryJvmAndTheShippedRulesToTheShopAsItIs() throws Exception {
    List<JsonObject> monitored = kustomize(K8S.resolve("monitoring"));
    List<JsonObject> added = monitored.stream().filter(object -> MONITORING.contains(object.getString("kind"))).toList();
    assertThat(monitored.size() - added.size()).isEqualTo(shop.size());
    for (JsonObject object : monitored) {
      if (!MONITORING.contains(object.getString("kind"))) {
        assertThat(object).as("k8s/monitoring leaves %s as it is", name(object))
            .isEqualTo(find(shop, object.getString("kind"), name(object)));
      }
    }

    JsonObject podMonitor = find(monitored, "PodMonitor", "ecommerce").getJsonObject("spec");
    JsonObject endpoint = podMonitor.getJsonArray("podMetricsEndpoints").getJsonObject(0);
    assertThat(endpoint.getString("path")).isEqualTo("/metrics");
    for (JsonObject deployment : appDeployments(shop)) {
      JsonObject podLabels = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
          .getJsonObject("labels");
      assertThat(selects(podMonitor.getJsonObject("selector").getJsonObject("matchLabels"), podLabels))
          .as("the PodMonitor selects %s", name(deployment)).isTrue();
      containerPort(containers(deployment).get(0), endpoint.getString("port"));
      assertThat(podLabels.getString(podMonitor.getString("jobLabel"))).as("the job the rules read").isEqualTo("ecommerce");
    }

    // the Operator takes rules inline: k8s/monitoring/sync-rules copies them, and they must not drift apart
    JsonObject rule = find(monitored, "PrometheusRule", "ecommerce");
    JsonObject shipped = new JsonObject(new YAMLMapper().readerForMapOf(Object.class).<Map<String, Object>>readValue(RULES.toFile()));
    assertThat(rule.getJsonObject("spec").getJsonArray("groups"))
        .as("k8s/monitoring/prometheus-rule.yaml holds %s (run k8s/monitoring/sync-rules)", RULES)
        .isEqualTo(shipped.getJsonArray("groups"));
  }

  /** Renders the overlay, finds {@code changed} different from the shop's and checks it; every other object is the same. */
  private static void assertChanges(String variant, String changed, Consumer<JsonObject> check) throws Exception {
    List<JsonObject> rendered = kustomize(K8S.resolve("overlays").resolve(variant));
    assertThat(rendered).hasSameSizeAs(shop);
    for (JsonObject object : rendered) {
      JsonObject original = find(shop, object.getString("kind"), name(object));
      if (object.getString("kind").equals("Deployment") && name(object).equals(changed)) {
        assertThat(object).as(variant + " changes " + changed).isNotEqualTo(original);
        check.accept(object);
      } else {
        assertThat(object).as("%s leaves %s as it is", variant, name(object)).isEqualTo(original);
      }
    }
  }

  private static List<List<JsonObject>> everyRendering() throws Exception {
    List<List<JsonObject>> renderings = new ArrayList<>(List.of(shop, kustomize(K8S.resolve("monitoring"))));
    for (String variant : VARIANTS) {
      renderings.add(kustomize(K8S.resolve("overlays").resolve(variant)));
    }
    return renderings;
  }

  /** {@code kubectl kustomize dir}, as {@code kubectl apply -k dir} renders it. */
  private static List<JsonObject> kustomize(Path dir) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    } catch (IOException e) {
      throw new AssertionError("rendering k8s/ needs kubectl on the PATH", e);
    }
    byte[] yaml = process.getInputStream().readAllBytes();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, errors).isZero();
    List<JsonObject> objects = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> documents = new YAMLMapper().readerForMapOf(Object.class).readValues(yaml)) {
      while (documents.hasNext()) {
        objects.add(new JsonObject(documents.next()));
      }
    }
    return objects;
  }

  private static String name(JsonObject object) {
    return object.getJsonObject("metadata").getString("name");
  }

  private static JsonObject find(List<JsonObject> objects, String kind, String name) {
    return objects.stream()
        .filter(object -> object.getString("kind").equals(kind) && name(object).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }

  private static List<JsonObject> workloads(List<JsonObject> objects) {
    return objects.stream().filter(object -> List.of("Deployment", "StatefulSet").contains(object.getString("kind"))).toList();
  }

  /** The Deployments that run the shop's image. */
  private static List<JsonObject> appDeployments(List<JsonObject> objects) {
    return workloads(objects).stream()
        .filter(workload -> containers(workload).get(0).getString("image").equals(IMAGE))
        .toList();
  }

  private static JsonObject podSpec(JsonObject workload) {
    return workload.getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
  }

  private static List<JsonObject> containers(JsonObject workload) {
    return podSpec(workload).getJsonArray("containers").stream().map(JsonObject.class::cast).toList();
  }

  private static int containerPort(JsonObject container, String name) {
    return container.getJsonArray("ports").stream().map(JsonObject.class::cast)
        .filter(port -> port.getString("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no port named " + name))
        .getInteger("containerPort");
  }

  private static int servicePort(String serviceName) {
    return find(shop, "Service", serviceName).getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getInteger("port");
  }

  private static boolean selects(JsonObject selector, JsonObject labels) {
    return selector.getMap().entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.getValue(entry.getKey())));
  }

  /**
   * The environment a container starts with: its {@code envFrom} ConfigMaps and Secrets, then its
   * {@code env}, with the pod's IP standing for {@code status.podIP}.
   */
  private static Map<String, String> env(JsonObject container) {
    Map<String, String> env = new HashMap<>();
    for (Object from : container.getJsonArray("envFrom", new JsonArray())) {
      JsonObject source = (JsonObject) from;
      if (source.containsKey("configMapRef")) {
        find(shop, "ConfigMap", source.getJsonObject("configMapRef").getString("name")).getJsonObject("data")
            .forEach(entry -> env.put(entry.getKey(), (String) entry.getValue()));
      } else {
        secret(source.getJsonObject("secretRef").getString("name")).forEach(env::put);
      }
    }
    for (Object item : container.getJsonArray("env", new JsonArray())) {
      JsonObject variable = (JsonObject) item;
      JsonObject from = variable.getJsonObject("valueFrom");
      if (from == null) {
        env.put(variable.getString("name"), variable.getString("value"));
      } else if (from.containsKey("fieldRef")) {
        assertThat(from.getJsonObject("fieldRef").getString("fieldPath")).isEqualTo("status.podIP");
        env.put(variable.getString("name"), "10.244.0.7");
      } else {
        JsonObject key = from.getJsonObject("secretKeyRef");
        String value = secret(key.getString("name")).get(key.getString("key"));
        assertThat(value).as("secret key %s", key).isNotNull();
        env.put(variable.getString("name"), value);
      }
    }
    return env;
  }

  private static Map<String, String> secret(String name) {
    Map<String, String> values = new HashMap<>();
    find(shop, "Secret", name).getJsonObject("data").forEach(entry ->
        values.put(entry.getKey(), new String(Base64.getDecoder().decode((String) entry.getValue()), StandardCharsets.UTF_8)));
    return values;
  }
}
