package fr.isoloir.demo.site;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escapesTheFiveHtmlSpecialCharacters() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void printsNothingForNull() {
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void escapesTheTitleAndHeadingOfAPage() {
        assertThat(Html.page("<t>", "<h>", "<p>corps</p>"))
                .contains("<title>&lt;t&gt;</title>", "<h1>&lt;h&gt;</h1>", "<p>corps</p>", "<html lang=\"fr\">");
    }
}
