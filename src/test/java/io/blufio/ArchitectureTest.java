package io.blufio;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enforces the package table of DESIGN.md exactly: each package may use only the packages listed for it,
 * {@code config} included (only where the table lists it). The root package {@code io.blufio} is the shared
 * kernel every package may use (errors, redaction, the one JSON mapper, the one clock); it uses nothing of
 * ours. {@code channel.telegram} and {@code channel.gateway} are separate slices that share only
 * {@code channel}; {@code ops} reads the agent and never drives it; no two top-level packages form a cycle. {@code app}
 * (the assembly DESIGN.md's conventions name) may use everything but {@code cli}; {@code cli} uses {@code app}.
 */
final class ArchitectureTest {
    /** Package (relative to {@code io.blufio}) to the packages it may use besides itself and the root, as in DESIGN.md. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", List.of()),
            Map.entry("store", List.of("config")),
            Map.entry("vault", List.of("store", "config")),
            Map.entry("auth", List.of("store")),
            Map.entry("llm", List.of("config")),
            Map.entry("memory", List.of("store", "config")),
            Map.entry("tools", List.of("memory", "config")),
            Map.entry("agent", List.of("store", "llm", "memory", "tools", "config")),
            Map.entry("channel", List.of("agent", "auth")),
            Map.entry("ops", List.of("config", "store", "vault", "auth", "llm", "memory", "tools", "agent", "channel")),
            Map.entry("app", List.of("config", "store", "vault", "auth", "llm", "memory", "tools", "agent", "channel", "ops")),
            Map.entry("cli", List.of("config", "store", "vault", "auth", "llm", "memory", "tools", "agent", "channel", "ops", "app")));

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
        ok.add("io.blufio." + pkg + "..");
        for (String p : ALLOWED.get(pkg)) ok.add("io.blufio." + p + "..");
        classes().that().resideInAPackage("io.blufio." + pkg + "..")
                .should().onlyDependOnClassesThat(not(resideInAPackage("io.blufio..")).or(resideInAnyPackage(ok.toArray(String[]::new))))
                .check(classes);
    }

    @Test
    void rootPackage_isAKernelThatUsesNothingOfOurs() {
        classes().that().resideInAPackage("io.blufio")
                .should().onlyDependOnClassesThat(not(resideInAPackage("io.blufio..")).or(resideInAPackage("io.blufio")))
                .check(classes);
    }

    @Test
    void everyTopLevelPackage_isListedInTheTable() {
        List<String> unlisted = classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("io.blufio."))
                .map(p -> p.substring("io.blufio.".length()).split("\\.")[0]).distinct().filter(p -> !ALLOWED.containsKey(p)).toList();
        assertThat(unlisted).as("packages missing from DESIGN.md's table (and from ALLOWED)").isEmpty();
    }

    @Test
    void telegramAndGateway_doNotUseEachOther() {
        noClasses().that().resideInAPackage("io.blufio.channel.telegram..")
                .should().dependOnClassesThat().resideInAPackage("io.blufio.channel.gateway..").check(classes);
        noClasses().that().resideInAPackage("io.blufio.channel.gateway..")
                .should().dependOnClassesThat().resideInAPackage("io.blufio.channel.telegram..").check(classes);
        // the channel package itself (the Channel contract) knows no concrete channel
        noClasses().that().resideInAPackage("io.blufio.channel")
                .should().dependOnClassesThat().resideInAnyPackage("io.blufio.channel.telegram..", "io.blufio.channel.gateway..")
                .check(classes);
    }

    @Test
    void topLevelPackages_areFreeOfCycles() {
        slices().matching("io.blufio.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void subPackages_areFreeOfCycles() {
        slices().matching("io.blufio.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * {@code ops} is read-only toward the agent: it calls only methods of {@code agent} that return a value
     * (queries, e.g. {@code lastDispatchAt}, or a {@code BudgetGuard} built over the ledger to read what was spent);
     * a {@code void} call (start, stop, a hook such as {@code beforeDispatch}, a setter) would drive it.
     */
    @Test
    void ops_isReadOnlyTowardTheAgent() {
        DescribedPredicate<JavaCall<?>> drivesTheAgent = new DescribedPredicate<>("a void method of io.blufio.agent") {
            @Override
            public boolean test(JavaCall<?> call) {
                JavaClass owner = call.getTargetOwner();
                if (!owner.getPackageName().startsWith("io.blufio.agent")) return false;
                if (call.getTarget().getName().equals("<init>")) return false;
                return call.getTarget().getRawReturnType().getName().equals("void");
            }
        };
        noClasses().that().resideInAPackage("io.blufio.ops..").should().callCodeUnitWhere(drivesTheAgent).check(classes);
    }

    /** One configured Jackson mapper ({@link Json}) and one monotonic clock ({@link Ticker}), as DESIGN.md's conventions ask. */
    @Test
    void onlyJsonBuildsAMapper_andOnlyTickerReadsNanoTime() {
        noClasses().that().resideInAPackage("io.blufio..").and().doNotHaveFullyQualifiedName(Json.class.getName())
                .should().callConstructorWhere(new DescribedPredicate<>("a constructor of com.fasterxml.jackson.databind.ObjectMapper") {
                    @Override
                    public boolean test(com.tngtech.archunit.core.domain.JavaConstructorCall call) {
                        return call.getTargetOwner().getName().equals("com.fasterxml.jackson.databind.ObjectMapper");
                    }
                }).check(classes);
        noClasses().that().resideInAPackage("io.blufio..").and().doNotHaveFullyQualifiedName(Ticker.class.getName())
                .and().doNotHaveFullyQualifiedName(Ticker.class.getName() + "$1")
                .should().callMethod(System.class, "nanoTime").check(classes);
    }

    @Test
    void everyPackage_hasAPackageInfo() throws IOException {
        Path root = Path.of("src/main/java/io/blufio");
        List<Path> missing;
        try (Stream<Path> dirs = Files.walk(root)) {
            missing = dirs.filter(Files::isDirectory).filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java"))).toList();
        }
        assertThat(missing).as("packages without a package-info.java saying what they own and must not do").isEmpty();
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
