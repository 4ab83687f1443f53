package org.kiste.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The package map of the production code, from the bottom up:
 *
 * <ul>
 *   <li>bottom: {@code model} (shared value records), {@code config}, {@code blob} (the blob store), {@code cache}
 *       (the cache invalidation seam);
 *   <li>{@code store}: all SQL (repositories, the database, migrations);
 *   <li>services: {@code auth}, {@code audit}, {@code groups}, {@code files} (the files core), {@code uploads} (chunked
 *       uploads parked for the core), {@code teamfolders}, {@code share}, {@code backup} (online backup and restore);
 *   <li>doors, which turn a protocol into service calls: {@code dav}, {@code nextcloud}, {@code web};
 *   <li>top: {@code server}, {@code cli} and the root package (the composition root and {@code Main}).
 * </ul>
 *
 * <p>A package may depend on the layers below it, never on one above, and the top-level packages have no cycles
 * among them. A new top-level package has to be placed on this map first.
 */
@AnalyzeClasses(packages = "org.kiste", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ROOT = "org.kiste";
    private static final String MODEL = "org.kiste.model..";
    private static final String CONFIG = "org.kiste.config..";
    private static final String BLOB = "org.kiste.blob..";
    private static final String CACHE = "org.kiste.cache..";
    private static final String STORE = "org.kiste.store..";
    private static final String AUTH = "org.kiste.auth..";
    private static final String AUDIT = "org.kiste.audit..";
    private static final String GROUPS = "org.kiste.groups..";
    private static final String FILES = "org.kiste.files..";
    private static final String UPLOADS = "org.kiste.uploads..";
    private static final String TEAMFOLDERS = "org.kiste.teamfolders..";
    private static final String SHARE = "org.kiste.share..";
    private static final String BACKUP = "org.kiste.backup..";
    private static final String DAV = "org.kiste.dav..";
    private static final String NEXTCLOUD = "org.kiste.nextcloud..";
    private static final String WEB = "org.kiste.web..";
    private static final String SERVER = "org.kiste.server..";
    private static final String CLI = "org.kiste.cli..";

    private static final String[] BOTTOM = {MODEL, CONFIG, BLOB, CACHE};
    private static final String[] SERVICES = {AUTH, AUDIT, GROUPS, FILES, UPLOADS, TEAMFOLDERS, SHARE, BACKUP};
    private static final String[] DOORS = {DAV, NEXTCLOUD, WEB};
    private static final String[] TOP = {ROOT, SERVER, CLI};
    private static final String[] MAP = Stream.of(BOTTOM, new String[] {STORE}, SERVICES, DOORS, TOP)
            .flatMap(Arrays::stream)
            .toArray(String[]::new);
    private static final String[] ABOVE_STORE =
            Stream.of(SERVICES, DOORS, TOP).flatMap(Arrays::stream).toArray(String[]::new);

    @ArchTest
    static final ArchRule everyPackageIsOnTheMap =
            classes().should().resideInAnyPackage(MAP).because("the layer rules below only see packages they name");

    @ArchTest
    static final ArchRule topLevelPackagesHaveNoCycles =
            slices().matching("org.kiste.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Model")
            .definedBy(MODEL)
            .layer("Config")
            .definedBy(CONFIG)
            .layer("Blob")
            .definedBy(BLOB)
            .layer("Cache")
            .definedBy(CACHE)
            .layer("Store")
            .definedBy(STORE)
            .layer("Services")
            .definedBy(SERVICES)
            .layer("Doors")
            .definedBy(DOORS)
            .layer("Top")
            .definedBy(TOP)
            .whereLayer("Model")
            .mayNotAccessAnyLayer()
            .whereLayer("Cache")
            .mayNotAccessAnyLayer()
            .whereLayer("Config")
            .mayOnlyAccessLayers("Model")
            .whereLayer("Blob")
            .mayOnlyAccessLayers("Model", "Config")
            .whereLayer("Store")
            .mayOnlyAccessLayers("Model", "Config", "Blob", "Cache")
            .whereLayer("Services")
            .mayOnlyAccessLayers("Model", "Config", "Blob", "Cache", "Store")
            .whereLayer("Doors")
            .mayOnlyAccessLayers("Model", "Config", "Blob", "Cache", "Services")
            .whereLayer("Top")
            .mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule sqlLivesOnlyInTheStore = noClasses()
            .that()
            .resideOutsideOfPackage(STORE)
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(Statement.class, PreparedStatement.class, CallableStatement.class, ResultSet.class)
            .because("a query belongs to a repository; other layers may only pass a Connection along");

    @ArchTest
    static final ArchRule storeDependsOnNoDomainPackageAboveIt = noClasses()
            .that()
            .resideInAPackage(STORE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ABOVE_STORE);

    @ArchTest
    static final ArchRule authDoesNotDependOnFiles = noClasses()
            .that()
            .resideInAPackage(AUTH)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(FILES);

    @ArchTest
    static final ArchRule filesDoesNotDependOnSharingOrGroups = noClasses()
            .that()
            .resideInAPackage(FILES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SHARE, TEAMFOLDERS, GROUPS, UPLOADS)
            .because("the files core offers seams that shares, team folders and uploads plug into, not the other way");

    @ArchTest
    static final ArchRule shareDoesNotDependOnWeb = noClasses()
            .that()
            .resideInAPackage(SHARE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(WEB);
}
