package io.microbs.ecommerce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of the layout, on the compiled classes of the shop: the layers of {@code platform/}
 * depend one way, services meet only through each other's {@code api/}, and the variants reach the
 * transport through its hooks and each service through its one fault seam.
 */
@AnalyzeClasses(packages = "io.microbs.ecommerce", importOptions = {ImportOption.DoNotIncludeTests.class,
    ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
  private static final String ROOT = "io.microbs.ecommerce.";
  private static final String PLATFORM = ROOT + "platform.";
  private static final String VARIANTS = PLATFORM + "variants..";
  private static final List<String> SERVICES = List.of("apigateway", "webgateway", "product", "cart", "checkout",
      "payment", "content");

  /**
   * {@code config} (reading variables) beneath everything, {@code data} and {@code observability} above it,
   * {@code bus} above them, {@code http} and {@code variants} above {@code bus} (the variants act on the bus
   * through its hooks), {@code runtime} on top.
   */
  @ArchTest
  static final ArchRule platformLayersDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("config").definedBy(PLATFORM + "config..")
      .layer("data").definedBy(PLATFORM + "data..")
      .layer("observability").definedBy(PLATFORM + "observability..")
      .layer("bus").definedBy(PLATFORM + "bus..")
      .layer("http").definedBy(PLATFORM + "http..")
      .layer("variants").definedBy(VARIANTS)
      .layer("runtime").definedBy(PLATFORM + "runtime..")
      .whereLayer("config").mayNotAccessAnyLayer()
      .whereLayer("data").mayOnlyAccessLayers("config")
      .whereLayer("observability").mayOnlyAccessLayers("config")
      .whereLayer("bus").mayOnlyAccessLayers("config", "data", "observability")
      .whereLayer("http").mayOnlyAccessLayers("config", "bus", "data", "observability")
      .whereLayer("variants").mayOnlyAccessLayers("config", "bus", "data", "observability");

  /**
   * The shop's environment is read once, by {@code Config}; each package reads its settings from what it is handed.
   * The loadgen is a program of its own, with its own command line.
   */
  @ArchTest
  static final ArchRule onlyConfigReadsTheEnvironment = noClasses().that().doNotHaveFullyQualifiedName(ROOT + "Config")
      .and().resideOutsideOfPackage(ROOT + "loadgen..")
      .should().callMethod(System.class, "getenv").orShould().callMethod(System.class, "getenv", String.class);

  @ArchTest
  static final ArchRule platformKnowsNoService = noClasses().that().resideInAPackage(ROOT + "platform..")
      .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(service -> ROOT + service + "..")
          .toArray(String[]::new));

  @ArchTest
  static final ArchRule servicesMeetOnlyThroughTheirApi = ArchRuleDefinition.classes()
      .that().resideInAnyPackage(SERVICES.stream().map(service -> ROOT + service + "..").toArray(String[]::new))
      .should(new ArchCondition<>("depend on other services only through their api packages") {
        @Override
        public void check(JavaClass item, ConditionEvents events) {
          String own = service(item).orElseThrow();
          for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass();
            service(target).filter(other -> !other.equals(own))
                .filter(other -> !target.getPackageName().startsWith(ROOT + other + ".api"))
                .ifPresent(other -> events.add(SimpleConditionEvent.violated(item, dependency.getDescription())));
          }
        }
      });

  @ArchTest
  static final ArchRule theTransportHoldsNoVariant = noClasses()
      .that().resideInAnyPackage(PLATFORM + "bus..", PLATFORM + "http..")
      .should().dependOnClassesThat().resideInAPackage(VARIANTS);

  /** In each service, the variants are met in one class only, its fault seam ({@code ProductFaults}, …). */
  @ArchTest
  static void eachServiceMeetsTheVariantsInItsFaultSeamAlone(JavaClasses classes) {
    Map<String, Set<String>> meeting = new TreeMap<>();
    for (JavaClass javaClass : classes) {
      Optional<String> service = service(javaClass);
      boolean meetsVariants = javaClass.getDirectDependenciesFromSelf().stream()
          .anyMatch(dependency -> dependency.getTargetClass().getPackageName().startsWith(PLATFORM + "variants"));
      if (service.isPresent() && meetsVariants) {
        JavaClass topLevel = javaClass;
        while (topLevel.getEnclosingClass().isPresent()) {
          topLevel = topLevel.getEnclosingClass().get();
        }
        meeting.computeIfAbsent(service.get(), key -> new TreeSet<>()).add(topLevel.getSimpleName());
      }
    }
    meeting.forEach((service, meeters) -> {
      if (meeters.size() > 1 || !meeters.iterator().next().endsWith("Faults")) {
        throw new AssertionError("the variants are met in " + service + " by " + meeters
            + ", not by its one fault seam (a class named <Service>Faults) alone");
      }
    });
  }

  /** The service a class belongs to, by its package ({@code product}, {@code product.api}); empty outside the services. */
  private static Optional<String> service(JavaClass javaClass) {
    String name = javaClass.getPackageName();
    return SERVICES.stream().filter(service -> name.equals(ROOT + service) || name.startsWith(ROOT + service + "."))
        .findFirst();
  }
}
