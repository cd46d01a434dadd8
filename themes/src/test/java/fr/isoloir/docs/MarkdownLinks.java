package fr.isoloir.docs;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the links of a repository's Markdown that lead nowhere, as GitHub would render them: a relative
 * link or image to a missing file, or an anchor that matches no heading of its target. External links
 * (any scheme: http, https, mailto...) are not followed: the build has no network to them.
 */
final class MarkdownLinks {

    /** What github-slugger drops: everything but letters, marks, digits, '_', '-' and the space. */
    private static final Pattern NOT_IN_A_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}_ -]");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final Path root;
    private final Parser parser = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();
    /** Anchors of each Markdown file read so far (a check reads each target once). */
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One line per broken link of the file: "docs/x.md:12: [text](target): why". */
    List<String> brokenLinks(Path markdown) {
        Path file = root.resolve(markdown).normalize();
        List<String> problems = new ArrayList<>();
        parse(file).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                check(file, link, link.getDestination(), problems);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                check(file, image, image.getDestination(), problems);
            }

            @Override
            public void visit(HtmlInline html) {
                checkHtml(file, html, html.getLiteral(), problems);
            }

            @Override
            public void visit(HtmlBlock html) {
                checkHtml(file, html, html.getLiteral(), problems);
            }
        });
        return problems;
    }

    /** GitHub's anchor for a heading's text: lower case, punctuation dropped, each space a '-', accents kept. */
    static String slug(String headingText) {
        return NOT_IN_A_SLUG
                .matcher(headingText.toLowerCase(Locale.ROOT))
                .replaceAll("")
                .replace(' ', '-');
    }

    private void checkHtml(Path file, Node node, String html, List<String> problems) {
        for (Element img : Jsoup.parseBodyFragment(html).select("img[src]")) {
            check(file, node, img.attr("src"), problems);
        }
        for (Element a : Jsoup.parseBodyFragment(html).select("a[href]")) {
            check(file, node, a.attr("href"), problems);
        }
    }

    private void check(Path file, Node node, String destination, List<String> problems) {
        String why = whyBroken(file, destination);
        if (why != null) {
            problems.add(root.relativize(file) + ":" + line(node) + ": " + destination + ": " + why);
        }
    }

    /** Null when the destination leads somewhere (or is external, hence not checked). */
    private String whyBroken(Path file, String destination) {
        if (destination.isBlank()) {
            return "empty link";
        }
        if (SCHEME.matcher(destination).find() || destination.startsWith("//")) {
            return null;
        }
        int hash = destination.indexOf('#');
        String path =
                URLDecoder.decode(hash < 0 ? destination : destination.substring(0, hash), StandardCharsets.UTF_8);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Path target = path.isEmpty()
                ? file
                : path.startsWith("/")
                        ? root.resolve(path.substring(1)).normalize()
                        : file.getParent().resolve(path).normalize();
        if (!target.startsWith(root)) {
            return "leads out of the repository";
        }
        if (!Files.exists(target)) {
            return "no such file " + root.relativize(target);
        }
        if (hash < 0 || !target.getFileName().toString().endsWith(".md")) {
            return null;
        }
        String anchor = URLDecoder.decode(destination.substring(hash + 1), StandardCharsets.UTF_8);
        if (!anchorsOf(target).contains(anchor)) {
            return "no heading of " + root.relativize(target) + " has the anchor #" + anchor;
        }
        return null;
    }

    private Set<String> anchorsOf(Path markdown) {
        return anchors.computeIfAbsent(markdown, file -> {
            Set<String> found = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            parse(file).accept(new AbstractVisitor() {
                @Override
                public void visit(Heading heading) {
                    String slug = slug(text(heading));
                    // GitHub numbers repeated headings: "notes", "notes-1", "notes-2".
                    int times = seen.merge(slug, 1, Integer::sum);
                    found.add(times == 1 ? slug : slug + "-" + (times - 1));
                }
            });
            return found;
        });
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    private Node parse(Path file) {
        try {
            return parser.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of a node, or of the nearest ancestor that knows it. */
    private static int line(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            List<SourceSpan> spans = n.getSourceSpans();
            if (!spans.isEmpty()) {
                return spans.get(0).getLineIndex() + 1;
            }
        }
        return 0;
    }
}
