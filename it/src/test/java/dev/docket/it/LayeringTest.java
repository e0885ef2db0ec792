package dev.docket.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module boundaries of docs/design/0001-foundation.md as ArchUnit rules over the production
 * classes: services depend only on {@code model} and the store SPI, the model on nothing of
 * Docket's, the store SPI and the wire layer on no service, and no one below the server on the
 * server. Rules for services that do not exist yet are written now and pass while empty. The core
 * modules of docs/design/0002-event-buses.md ({@code patterns}, {@code transform}, {@code
 * delivery}) sit between the model and the services: services may use them, and they import no
 * service, no wire, no server and no concrete store.
 *
 * <p>To prove the rules can fail, fixture classes that break each one (compiled at test time into
 * the very packages the rules guard) must be reported, and well-layered fixtures must not be.
 */
class LayeringTest {

  /** Service packages under {@code dev.docket}, named after the AWS signing names. */
  static final List<String> SERVICES =
      List.of("queues", "events", "states", "scheduler", "sts", "pipes", "schemas");

  /** Core modules under {@code dev.docket}: shared by services, importing none of them. */
  static final List<String> CORES =
      List.of("patterns", "transform", "delivery", "schedule", "policy");

  private static final String CONCRETE_STORES = "dev.docket.store.(*)..";

  @TempDir static Path fixtureDir;

  private static JavaClasses badFixtures;
  private static JavaClasses goodFixtures;

  static List<ArchRule> rules() {
    List<ArchRule> rules = new ArrayList<>();
    for (String service : SERVICES) {
      List<String> forbidden =
          new ArrayList<>(
              List.of(
                  "dev.docket.http..",
                  "dev.docket.server..",
                  "dev.docket.cli..",
                  "dev.docket.testing..",
                  CONCRETE_STORES));
      SERVICES.stream()
          .filter(other -> !other.equals(service))
          .forEach(other -> forbidden.add("dev.docket." + other + ".."));
      rules.add(
          noClasses()
              .that()
              .resideInAPackage("dev.docket." + service + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .because("a service sees only the model and the store SPI")
              .allowEmptyShould(true));
    }
    for (String core : CORES) {
      rules.add(
          noClasses()
              .that()
              .resideInAPackage("dev.docket." + core + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(upperLayers(null, CONCRETE_STORES))
              .because("a core module serves services and knows none of them, nor wire or storage")
              .allowEmptyShould(true));
    }
    rules.add(
        noClasses()
            .that()
            .resideInAPackage("dev.docket.model..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.docket..").and(not(resideInAPackage("dev.docket.model.."))))
            .because("the model is the bottom layer"));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage("dev.docket.store")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(upperLayers(null, CONCRETE_STORES))
            .because("the store SPI knows no service, no wire and no implementation of itself"));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage(CONCRETE_STORES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(upperLayers(null))
            .because("a store implements the SPI and knows no service or wire")
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage("dev.docket.http..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(upperLayers("dev.docket.http..", "dev.docket.store.."))
            .because("the wire layer knows protocols, not services or storage"));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage("dev.docket.server..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.docket.cli..", "dev.docket.testing..")
            .because("the server is the composition root; the CLI and test support use it"));
    return rules;
  }

  /** Services, wire, server, CLI and test support, plus extra packages, except {@code own}. */
  private static String[] upperLayers(String own, String... extra) {
    return Stream.concat(
            Stream.concat(
                SERVICES.stream().map(service -> "dev.docket." + service + ".."),
                Stream.of(
                    "dev.docket.http..",
                    "dev.docket.server..",
                    "dev.docket.cli..",
                    "dev.docket.testing..")),
            Stream.of(extra))
        .filter(layer -> !layer.equals(own))
        .toArray(String[]::new);
  }

  @BeforeAll
  static void compileFixtures() throws IOException {
    Map<String, String> good = new LinkedHashMap<>();
    good.put("dev.docket.model.fixture.Shape", "");
    good.put("dev.docket.store.FixtureSpi", "dev.docket.model.fixture.Shape shape;");
    good.put("dev.docket.store.sqlite.fixture.Concrete", "dev.docket.store.FixtureSpi spi;");
    good.put("dev.docket.http.fixture.Wire", "dev.docket.model.fixture.Shape shape;");
    good.put(
        "dev.docket.queues.fixture.Service",
        "dev.docket.store.FixtureSpi spi; dev.docket.model.fixture.Shape shape;");
    good.put(
        "dev.docket.server.fixture.Root",
        "dev.docket.http.fixture.Wire w; dev.docket.queues.fixture.Service s;"
            + " dev.docket.store.sqlite.fixture.Concrete c;");
    good.put("dev.docket.cli.fixture.Command", "dev.docket.server.fixture.Root root;");
    // Dependencies inside a layer are fine.
    good.put("dev.docket.http.fixture.Codec", "dev.docket.http.fixture.Wire w;");
    good.put("dev.docket.queues.fixture.Helper", "dev.docket.queues.fixture.Service s;");
    good.put(
        "dev.docket.store.sqlite.fixture.Writer", "dev.docket.store.sqlite.fixture.Concrete c;");
    good.put("dev.docket.server.fixture.Config", "dev.docket.server.fixture.Root r;");
    good.put("dev.docket.model.fixture.Member", "dev.docket.model.fixture.Shape s;");
    for (String core : CORES) {
      good.put(
          "dev.docket." + core + ".fixture.Core",
          "dev.docket.store.FixtureSpi spi; dev.docket.model.fixture.Shape shape;");
      // Services use core modules, and core modules may use each other.
      String capitalized = Character.toUpperCase(core.charAt(0)) + core.substring(1);
      good.put(
          "dev.docket.queues.fixture.Uses" + capitalized,
          "dev.docket." + core + ".fixture.Core c;");
    }
    good.put("dev.docket.delivery.fixture.UsesPatterns", "dev.docket.patterns.fixture.Core c;");

    Map<String, String> bad = new LinkedHashMap<>();
    for (String service : SERVICES) {
      bad.put("dev.docket." + service + ".fixture.UsesWire", "dev.docket.http.fixture.Wire w;");
    }
    bad.put(
        "dev.docket.queues.fixture.UsesStoreImpl", "dev.docket.store.sqlite.fixture.Concrete c;");
    bad.put("dev.docket.queues.fixture.UsesEvents", "dev.docket.events.fixture.UsesWire e;");
    bad.put("dev.docket.model.fixture.UsesStore", "dev.docket.store.FixtureSpi spi;");
    bad.put("dev.docket.store.FixtureUsesService", "dev.docket.queues.fixture.Service s;");
    bad.put("dev.docket.store.sqlite.fixture.UsesServer", "dev.docket.server.fixture.Root root;");
    bad.put("dev.docket.http.fixture.UsesStore", "dev.docket.store.FixtureSpi spi;");
    bad.put("dev.docket.server.fixture.UsesCli", "dev.docket.cli.fixture.Command command;");
    for (String core : CORES) {
      bad.put(
          "dev.docket." + core + ".fixture.UsesService", "dev.docket.queues.fixture.Service s;");
      bad.put("dev.docket." + core + ".fixture.UsesWire", "dev.docket.http.fixture.Wire w;");
      bad.put("dev.docket." + core + ".fixture.UsesServer", "dev.docket.server.fixture.Root r;");
      bad.put(
          "dev.docket." + core + ".fixture.UsesStoreImpl",
          "dev.docket.store.sqlite.fixture.Concrete c;");
    }

    Map<String, String> all = new LinkedHashMap<>(good);
    all.putAll(bad);
    Path classes = compile(all);
    goodFixtures = new ClassFileImporter().importPaths(classFiles(classes, good));
    badFixtures = new ClassFileImporter().importPaths(classFiles(classes, bad));
  }

  @Test
  void productionClassesFollowTheModuleLayering() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.docket");

    assertThat(production.containPackage("dev.docket.model")).isTrue();
    assertThat(production.containPackage("dev.docket.store")).isTrue();
    // the services the rules guard are on the classpath, so their rules are not vacuous
    for (String service : List.of("queues", "events", "states", "scheduler")) {
      assertThat(production.containPackage("dev.docket." + service)).as(service).isTrue();
    }
    rules().forEach(rule -> rule.check(production));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyRuleReportsAFixtureThatBreaksIt(ArchRule rule) {
    assertThat(rule.evaluate(badFixtures).hasViolation()).as(rule.getDescription()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void everyRuleAcceptsWellLayeredFixtures(ArchRule rule) {
    assertThat(rule.evaluate(goodFixtures).getFailureReport().getDetails()).isEmpty();
  }

  /** Writes one class per entry (name → field declarations) and compiles them all. */
  private static Path compile(Map<String, String> classes) throws IOException {
    Path sources = Files.createDirectories(fixtureDir.resolve("src"));
    Path output = Files.createDirectories(fixtureDir.resolve("classes"));
    List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-proc:none"));
    for (Map.Entry<String, String> entry : classes.entrySet()) {
      String name = entry.getKey();
      int dot = name.lastIndexOf('.');
      Path file = sources.resolve(name.replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "package %s; public class %s { %s }"
              .formatted(name.substring(0, dot), name.substring(dot + 1), entry.getValue()));
      arguments.add(file.toString());
    }
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(String[]::new));
    assertThat(exit).as("javac exit code for the layering fixtures").isZero();
    return output;
  }

  private static List<Path> classFiles(Path output, Map<String, String> classes) {
    return classes.keySet().stream()
        .map(name -> output.resolve(name.replace('.', '/') + ".class"))
        .toList();
  }
}
