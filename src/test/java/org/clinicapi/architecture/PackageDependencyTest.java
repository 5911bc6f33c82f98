package org.clinicapi.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package-dependency picture of the README's "Where things are", as rules on the compiled classes:
 * the kit sits below the features, a feature reaches another only through its {@code api} package, and
 * only the composition root (and the command-line tools) names several features.
 */
@AnalyzeClasses(packages = "org.clinicapi", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependencyTest {
  static final List<String> FEATURES = List.of("auth", "users", "locations", "scheduling", "appointments", "consultations",
      "reviews", "records", "audit", "webhooks", "communications", "payments", "profiles", "reports");
  /** What no feature may reach: the composition root, the verticles' infrastructure and the tools. */
  static final String[] ABOVE_FEATURES = {"org.clinicapi", "org.clinicapi.http..", "org.clinicapi.database..",
      "org.clinicapi.cli..", "org.clinicapi.dev..", "org.clinicapi.seed..", "org.clinicapi.backup..", "org.clinicapi.health.."};

  private static String[] allFeatures() {
    return FEATURES.stream().map(f -> "org.clinicapi." + f + "..").toArray(String[]::new);
  }

  /** A feature's classes outside its public {@code api} package. */
  private static DescribedPredicate<JavaClass> internalsOf(String... features) {
    String[] packages = Arrays.stream(features).map(f -> "org.clinicapi." + f + "..").toArray(String[]::new);
    return resideInAnyPackage(packages).and(DescribedPredicate.not(resideInAPackage("..api")))
        .as("non-api classes of " + String.join(", ", features));
  }

  @ArchTest
  static final ArchRule kitBelowFeatures = noClasses()
      .that().resideInAnyPackage("org.clinicapi.bus..", "org.clinicapi.common..", "org.clinicapi.config..")
      .should().dependOnClassesThat().resideInAnyPackage(allFeatures())
      .because("bus, common and config are the kit every feature stands on");

  @ArchTest
  static final ArchRule webUsesOnlyPublicTypes = noClasses()
      .that().resideInAPackage("org.clinicapi.web..")
      .should().dependOnClassesThat(internalsOf(FEATURES.toArray(String[]::new)))
      .because("the web kit may use the public types of auth and audit (caller, permissions, audit trail), nothing else of a feature");

  @ArchTest
  static final ArchRule apiPackagesStandAlone = noClasses()
      .that().resideInAPackage("..api")
      .should().dependOnClassesThat(internalsOf(FEATURES.toArray(String[]::new)))
      .because("a feature's api package is what others import: it must not pull in any feature's internals");

  @ArchTest
  static final ArchRule featuresReachOthersOnlyThroughTheirApi = CompositeArchRule.of(FEATURES.stream()
      .map(feature -> noClasses().that().resideInAPackage("org.clinicapi." + feature + "..")
          .should().dependOnClassesThat(internalsOf(FEATURES.stream().filter(f -> !f.equals(feature)).toArray(String[]::new)))
          .because("features talk through bus contracts and events, never through each other's classes"))
      .map(ArchRule.class::cast).toList());

  @ArchTest
  static final ArchRule featuresDoNotReachUp = noClasses()
      .that().resideInAnyPackage(allFeatures())
      .should().dependOnClassesThat().resideInAnyPackage(ABOVE_FEATURES)
      .because("the composition root lists the features; features never know it, the verticles or the tools");

  @ArchTest
  static final ArchRule infrastructureNamesNoFeature = noClasses()
      .that().resideInAnyPackage("org.clinicapi.http..", "org.clinicapi.database..", "org.clinicapi.health..")
      .should().dependOnClassesThat(internalsOf(FEATURES.toArray(String[]::new)))
      .because("the verticles get their features from the composition root (org.clinicapi.Features)");

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("org.clinicapi.(**)").should().beFreeOfCycles();
}
