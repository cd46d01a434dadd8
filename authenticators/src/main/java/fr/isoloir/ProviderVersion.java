package fr.isoloir;

/**
 * The version of the Isoloir provider jar, for the admin console's server info page
 * ({@code ServerInfoAwareProviderFactory#getOperationalInfo()}).
 *
 * <p>Read from the {@code Implementation-Version} entry the build writes into the jar manifest.
 * Classes run from {@code target/classes} (unit tests, IDE) have no manifest: they report {@value #UNKNOWN}.
 */
public final class ProviderVersion {

    /** The operational-info key under which factories report the version. */
    public static final String KEY = "version";

    /** Reported when the classes do not come from the packaged jar. */
    public static final String UNKNOWN = "dev";

    private ProviderVersion() {}

    /** The jar's Implementation-Version, or {@value #UNKNOWN}. */
    public static String get() {
        // Every Isoloir class lives in the same jar, so this class's package speaks for all of them.
        Package pkg = ProviderVersion.class.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null || version.isBlank() ? UNKNOWN : version;
    }
}
