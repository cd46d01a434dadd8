package fr.isoloir.docs;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and docs/ have no dead link. In this module because it is the first one built and needs no
 * server; the Markdown is the repository's, found from the module's directory. External http(s) links
 * are not fetched (the build has no network to them).
 */
class DocumentationLinksTest {

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() throws IOException {
        Path root = repositoryRoot();
        MarkdownLinks links = new MarkdownLinks(root);
        List<Path> markdown;
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            markdown = Stream.concat(
                            Stream.of(root.resolve("README.md")),
                            docs.filter(p -> p.toString().endsWith(".md")).sorted())
                    .toList();
        }
        assertThat(markdown).hasSizeGreaterThan(3);

        List<String> broken = markdown.stream()
                .flatMap(file -> links.brokenLinks(file).stream())
                .toList();

        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    /** The checker itself, on files of its own: each kind of dead link is caught, live ones are not. */
    @Nested
    class TheChecker {

        @TempDir
        Path root;

        private List<String> brokenLinksOf(String markdown) throws IOException {
            Files.createDirectories(root.resolve("docs/screenshots"));
            Files.writeString(root.resolve("docs/guide.md"), """
                    # Guide
                    ## Organiser l'élection : étapes
                    ## Steps of the login (console: Authentication → "isoloir browser")
                    ## Notes
                    ## Notes
                    ## 9. One realm per `vote` election
                    """);
            Files.writeString(root.resolve("docs/screenshots/page.png"), "png");
            Files.writeString(root.resolve("README.md"), markdown);
            return new MarkdownLinks(root).brokenLinks(root.resolve("README.md"));
        }

        @Test
        void aLinkToAMissingFileIsReportedWithItsLine() throws IOException {
            assertThat(brokenLinksOf("Intro\n\nSee [branding](docs/branding.md).\n"))
                    .containsExactly("README.md:3: docs/branding.md: no such file docs/branding.md");
        }

        @Test
        void aMissingImageIsReportedInMarkdownAndInHtml() throws IOException {
            assertThat(brokenLinksOf("""
                    ![phone](docs/screenshots/gone.png)

                    | a | b |
                    |---|---|
                    | x | <img src="docs/screenshots/lost.png" alt="lost" width="180"> |
                    """))
                    .containsExactly(
                            "README.md:1: docs/screenshots/gone.png: no such file docs/screenshots/gone.png",
                            "README.md:5: docs/screenshots/lost.png: no such file docs/screenshots/lost.png");
        }

        @Test
        void anAnchorMatchingNoHeadingOfItsTargetIsReported() throws IOException {
            assertThat(brokenLinksOf("[a](docs/guide.md#organising) and [b](#nowhere)\n"))
                    .containsExactly(
                            "README.md:1: docs/guide.md#organising: no heading of docs/guide.md has the anchor #organising",
                            "README.md:1: #nowhere: no heading of README.md has the anchor #nowhere");
        }

        @Test
        void anchorsFollowGithubsSlugsAccentsKeptPunctuationDroppedRepeatsNumbered() throws IOException {
            assertThat(brokenLinksOf("""
                    # Top

                    [1](docs/guide.md#organiser-lélection--étapes)
                    [2](docs/guide.md#steps-of-the-login-console-authentication--isoloir-browser)
                    [3](docs/guide.md#notes-1) [4](docs/guide.md#9-one-realm-per-vote-election) [5](#top)
                    <img src="docs/screenshots/page.png" alt=""> [6](docs/screenshots/) [7](/docs/guide.md)
                    """)).isEmpty();
        }

        @Test
        void externalLinksAreNotFetched() throws IOException {
            assertThat(
                            brokenLinksOf(
                                    "[x](https://example.invalid/nothing) [y](mailto:a@example.invalid) <http://example.invalid>\n"))
                    .isEmpty();
        }

        @Test
        void aLinkOutOfTheRepositoryIsReported() throws IOException {
            assertThat(brokenLinksOf("[up](../elsewhere.md)\n"))
                    .containsExactly("README.md:1: ../elsewhere.md: leads out of the repository");
        }
    }

    /** The directory holding mvnw and README.md, above the module's working directory. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root (mvnw and README.md) above " + Path.of("").toAbsolutePath());
    }
}
