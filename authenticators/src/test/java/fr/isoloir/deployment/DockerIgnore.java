package fr.isoloir.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .dockerignore read as Docker reads it: one pattern a line ({@code *} and {@code ?} within a path
 * segment, {@code **} across segments), {@code #} comments, {@code !} exceptions, the last matching line
 * wins, and a line naming a folder takes in or out everything below it. Used to check COPY sources and to build
 * the Testcontainers build context with what {@code docker build} would send.
 */
public final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exception) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore of(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("\n")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            pattern = Path.of(exception ? pattern.substring(1).strip() : pattern)
                    .normalize()
                    .toString()
                    .replaceFirst("^/+", "")
                    .replaceFirst("/+$", "");
            rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
        }
        return new DockerIgnore(rules);
    }

    /** The .dockerignore at the root of a build context (none: nothing is ignored). */
    public static DockerIgnore at(Path context) throws IOException {
        Path file = context.resolve(".dockerignore");
        return of(Files.exists(file) ? Files.readString(file) : "");
    }

    /**
     * Whether {@code docker build} leaves this path (relative to the context, with /) out of the context.
     * As Docker's pattern matcher does: each line, in order, that matches the path or a folder above it
     * takes it out, or back in for a {@code !} line.
     */
    public boolean excludes(String relativePath) {
        String path = relativePath.replaceFirst("^\\./", "").replaceFirst("/+$", "");
        List<String> pathAndFolders = new ArrayList<>(List.of(path));
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            pathAndFolders.add(path.substring(0, slash));
        }
        boolean excluded = false;
        for (Rule rule : rules) {
            if (pathAndFolders.stream()
                    .anyMatch(candidate -> rule.pattern().matcher(candidate).matches())) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                // "**/" matches no folder or any number of them; a trailing "**" matches everything.
                boolean slash = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
