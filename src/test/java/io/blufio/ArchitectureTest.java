package io.blufio;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enforces the package table of DESIGN.md: each package may use only the packages listed for it (plus
 * the root package {@code io.blufio} and {@code config}, which every package reads). {@code channel}
 * may use {@code llm} because the agent's public API speaks in its value types (usage, content blocks).
 */
final class ArchitectureTest {
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", List.of()),
            Map.entry("store", List.of()),
            Map.entry("vault", List.of("store")),
            Map.entry("auth", List.of("store")),
            Map.entry("llm", List.of()),
            Map.entry("memory", List.of("store")),
            Map.entry("tools", List.of("memory")),
            Map.entry("agent", List.of("store", "llm", "memory", "tools")),
            Map.entry("channel", List.of("agent", "auth", "llm")),
            Map.entry("ops", List.of("store", "vault", "auth", "llm", "memory", "tools", "agent", "channel")),
            Map.entry("cli", List.of("store", "vault", "auth", "llm", "memory", "tools", "agent", "channel", "ops")));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.blufio");
    }

    static List<String> packages() {
        return List.copyOf(ALLOWED.keySet());
    }

    @ParameterizedTest(name = "{0} depends only on what DESIGN.md allows")
    @MethodSource("packages")
    void package_dependsOnlyOnAllowedPackages(String pkg) {
        List<String> ok = new ArrayList<>();
        ok.add("io.blufio");
        ok.add("io.blufio.config..");
        ok.add("io.blufio." + pkg + "..");
        for (String p : ALLOWED.get(pkg)) ok.add("io.blufio." + p + "..");
        classes().that().resideInAPackage("io.blufio." + pkg + "..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("io.blufio..")).or(resideInAnyPackage(ok.toArray(String[]::new))))
                .allowEmptyShould(true)
                .check(classes);
    }
}
