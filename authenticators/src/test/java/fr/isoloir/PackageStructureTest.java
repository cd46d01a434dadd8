package fr.isoloir;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages that import each other cannot be changed, tested or understood one at a time. This reads the
 * compiled classes of the provider (not the tests) and fails on any cycle between {@code fr.isoloir}
 * packages, naming the classes that close it.
 */
class PackageStructureTest {

    private static JavaClasses provider;

    @BeforeAll
    static void importTheProviderClasses() {
        provider = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("fr.isoloir");
    }

    @Nested
    class Packages {

        @Test
        void haveNoCycleBetweenThemTheRootPackageIncluded() {
            slices().assignedFrom(TOP_LEVEL_PACKAGES).should().beFreeOfCycles().check(provider);
        }

        @Test
        void areAllSeenByTheCheckSoThatItCannotPassOnNothing() {
            Set<String> seen =
                    provider.stream().map(PackageStructureTest::topLevelPackage).collect(Collectors.toSet());
            assertThat(seen).contains(ROOT, "admin", "code", "identifier", "postal", "sending", "voterlist");
        }
    }

    private static final String ROOT = "fr.isoloir (root)";

    /**
     * One slice per package right under {@code fr.isoloir}, its subpackages included, and one for the root
     * package itself: {@code slices().matching("fr.isoloir.(*)..")} would leave the root's shared helpers
     * out, and with them any cycle through them.
     */
    private static final SliceAssignment TOP_LEVEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String slice = topLevelPackage(javaClass);
            return slice == null ? SliceIdentifier.ignore() : SliceIdentifier.of(slice);
        }

        @Override
        public String getDescription() {
            return "the packages of fr.isoloir, the root one included";
        }
    };

    /** {@code admin} for {@code fr.isoloir.admin.x.Y}, {@link #ROOT} for {@code fr.isoloir.Y}, else null. */
    private static String topLevelPackage(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals("fr.isoloir")) {
            return ROOT;
        }
        return name.startsWith("fr.isoloir.")
                ? name.substring("fr.isoloir.".length()).split("\\.")[0]
                : null;
    }
}
