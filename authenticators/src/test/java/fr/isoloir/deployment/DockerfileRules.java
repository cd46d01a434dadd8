package fr.isoloir.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Dockerfile rules checked without a Docker engine (hadolint is in none of the registries this
 * project may use; .ci/run adds dockerfile-utils' syntax lint from npm). Each rule gives a problem
 * per offending line: base images pinned to a version (no {@code latest}, no bare name), no {@code ADD}
 * of a URL, a non-root {@code USER} in every stage that runs something, no secret in {@code ENV} or
 * {@code ARG}, and every {@code COPY}/{@code ADD} source present in the build context and not left out
 * by .dockerignore.
 */
final class DockerfileRules {

    /** One instruction, continuation lines joined, with the line it starts on. */
    record Instruction(int line, String keyword, String arguments) {}

    static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");
    private static final Pattern VERSION_TAG =
            Pattern.compile("[^:/@]+(?::\\d+)?(?:/[^:/@]+)*(?::([^:/@]*\\d[^:/@]*))?(@sha256:[0-9a-f]{64})?");

    private DockerfileRules() {}

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = dockerfile.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                joined.append(line, 0, line.length() - 1).append(' ');
                line = lines[++i].strip();
                while (line.startsWith("#") && i + 1 < lines.length) {
                    line = lines[++i].strip(); // comment lines inside a continued instruction are dropped
                }
            }
            joined.append(line);
            String[] parts = joined.toString().split("\\s+", 2);
            instructions.add(new Instruction(
                    start, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
        }
        return instructions;
    }

    /** Every problem of this Dockerfile, built with this context folder, as "line N: what". */
    static List<String> problems(String dockerfile, Path context, DockerIgnore ignore) {
        List<String> problems = new ArrayList<>();
        Map<String, String> args = new HashMap<>();
        Set<String> stages = new HashSet<>();
        boolean inStage = false;
        boolean runs = false;
        String user = null;
        int stageLine = 0;
        for (Instruction instruction : parse(dockerfile)) {
            String arguments = instruction.arguments();
            List<String> words = words(arguments);
            switch (instruction.keyword()) {
                case "FROM" -> {
                    checkUser(inStage && runs, user, stageLine, problems);
                    inStage = true;
                    runs = false;
                    user = null;
                    stageLine = instruction.line();
                    List<String> from = withoutFlags(words);
                    String image = substitute(from.get(0), args);
                    boolean earlierStage = stages.contains(image.toLowerCase(Locale.ROOT));
                    if (from.size() >= 3 && from.get(1).equalsIgnoreCase("AS")) {
                        stages.add(from.get(2).toLowerCase(Locale.ROOT));
                    }
                    Matcher tag = VERSION_TAG.matcher(image);
                    // A stage built on an earlier stage of the file is pinned through that one.
                    if (!earlierStage && image.toLowerCase(Locale.ROOT).matches(".*:latest(@.*)?")) {
                        problems.add(line(instruction) + "base image " + image + " uses the moving tag latest");
                    } else if (!earlierStage && (!tag.matches() || tag.group(1) == null && tag.group(2) == null)) {
                        problems.add(line(instruction) + "base image " + image + " is not pinned to a version tag");
                    }
                }
                case "ARG" -> {
                    String name = words.get(0).split("=", 2)[0];
                    secret(instruction, name, problems);
                    if (words.get(0).contains("=")) {
                        args.put(name, words.get(0).split("=", 2)[1]);
                    }
                }
                case "ENV" -> {
                    for (String name : envNames(arguments)) {
                        secret(instruction, name, problems);
                    }
                }
                case "USER" -> user = words.get(0);
                case "CMD", "ENTRYPOINT" -> runs = true;
                case "ADD", "COPY" -> sources(instruction, words, context, ignore, problems);
                default -> {}
            }
        }
        checkUser(inStage && runs, user, stageLine, problems);
        return problems;
    }

    private static void checkUser(boolean stageRuns, String user, int stageLine, List<String> problems) {
        if (stageRuns && (user == null || user.split(":")[0].matches("root|0"))) {
            problems.add("line " + stageLine + ": the stage runs as root (no USER, or USER " + user + ")");
        }
    }

    private static void secret(Instruction instruction, String name, List<String> problems) {
        if (SECRET_NAME.matcher(name).matches()) {
            problems.add(line(instruction) + instruction.keyword() + " " + name
                    + " would bake a secret into the image (give it at run time)");
        }
    }

    private static void sources(
            Instruction instruction, List<String> words, Path context, DockerIgnore ignore, List<String> problems) {
        if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
            return;
        }
        List<String> paths = withoutFlags(words);
        for (String source : paths.subList(0, paths.size() - 1)) {
            if (source.matches("(?i)(https?|git|ssh)://.*|git@.*")) {
                problems.add(line(instruction) + instruction.keyword() + " fetches " + source
                        + " at build time (download it in a RUN with a checked digest, or COPY it)");
            } else if (!presentInContext(source, context, ignore)) {
                problems.add(line(instruction) + instruction.keyword() + " source " + source
                        + " is missing from the build context or left out by .dockerignore");
            }
        }
    }

    private static boolean presentInContext(String source, Path context, DockerIgnore ignore) {
        String relative = source.replaceFirst("^/+", "").replaceFirst("/+$", "");
        if (!relative.contains("*") && !relative.contains("?")) {
            return Files.exists(context.resolve(relative)) && !ignore.excludes(relative);
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + relative);
        try (Stream<Path> files = Files.walk(context)) {
            return files.map(context::relativize)
                    .anyMatch(path -> glob.matches(path)
                            && !ignore.excludes(path.toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String substitute(String value, Map<String, String> args) {
        Matcher reference = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(value);
        StringBuilder result = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(result, Matcher.quoteReplacement(args.getOrDefault(reference.group(1), "")));
        }
        return reference.appendTail(result).toString();
    }

    private static List<String> envNames(String arguments) {
        List<String> words = words(arguments);
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            return List.of(words.get(0)); // the old form: ENV NAME value
        }
        return words.stream()
                .filter(word -> word.contains("="))
                .map(word -> word.split("=", 2)[0])
                .toList();
    }

    private static List<String> words(String arguments) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+").matcher(arguments);
        while (word.find()) {
            words.add(word.group());
        }
        return words.isEmpty() ? List.of("") : words;
    }

    private static List<String> withoutFlags(List<String> words) {
        return words.stream().filter(word -> !word.startsWith("--")).toList();
    }

    private static String line(Instruction instruction) {
        return "line " + instruction.line() + ": ";
    }
}
