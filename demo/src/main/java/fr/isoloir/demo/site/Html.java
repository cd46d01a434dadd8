package fr.isoloir.demo.site;

/** The demo site's page layout, its style sheet and the one escape helper every printed value goes through. */
final class Html {

    static final String SITE_NAME = "Site de vote (démonstration)";

    static final String STYLE_SHEET = """
            body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #1e1e1e; background: #f6f6f6; }
            .banner { margin: 0; padding: .5rem 1rem; background: #fff3cd; border-bottom: 1px solid #e0c97a; text-align: center; }
            main { max-width: 42rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: .5rem; }
            h1 { font-size: 1.6rem; margin-top: 0; }
            a { color: #000091; }
            .button { display: inline-block; padding: .6rem 1.2rem; background: #000091; color: #fff; text-decoration: none; border-radius: .25rem; }
            .button:hover, .button:focus { background: #1212ff; }
            .error { padding: .75rem 1rem; border-left: 4px solid #ce0500; background: #ffe9e9; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
            dt { font-weight: bold; font-family: monospace; }
            dd { margin: 0; font-family: monospace; overflow-wrap: anywhere; }
            """;

    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A whole HTML5 page. {@code title} and {@code heading} are plain text (escaped here); {@code body} is HTML
     * already built with {@link #escape} around every value it prints.
     */
    static String page(String title, String heading, String body) {
        return """
                <!DOCTYPE html>
                <html lang="fr">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/site.css">
                </head>
                <body>
                <p class="banner">Démonstration : ce site n’est pas une application de vote, aucun vote n’y est enregistré.</p>
                <main>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(title), escape(heading), body);
    }
}
