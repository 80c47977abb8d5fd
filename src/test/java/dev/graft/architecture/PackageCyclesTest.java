package dev.graft.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of the domain or the engine depends on itself through another: each can be read, tested
 * and moved on its own (a catalogue that reached into training, or labelling classes that import each
 * other in a circle, are what this catches). The window's feature packages and its shell know each
 * other by design (controllers get the workbench's view-model), so they are left out.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.graft");

    @Test
    void theDomainsPackagesAreFreeOfCycles() {
        slices().matching("dev.graft.core.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theEnginesPackagesAreFreeOfCycles() {
        slices().matching("dev.graft.engine.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
