package io.gitcollector.unit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's packages depend on each other in one direction only: what several share (a job, an error body, a
 * call's outcome, UTC times) lives in {@code model}, which depends on none of them.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gitcollector");

    @Test
    void noPackageCycle() {
        slices().matching("io.gitcollector.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theModelPackageDependsOnNoOtherOfTheCollector() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("io.gitcollector.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gitcollector.api..", "io.gitcollector.collect..",
                        "io.gitcollector.config..", "io.gitcollector.embedded..", "io.gitcollector.health..",
                        "io.gitcollector.http..", "io.gitcollector.identity..", "io.gitcollector.jobs..",
                        "io.gitcollector.metrics..", "io.gitcollector.publish..", "io.gitcollector.secrets..",
                        "io.gitcollector.security..", "io.gitcollector.state..", "io.gitcollector.webhook..")
                .check(MAIN);
    }
}
