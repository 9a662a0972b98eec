package com.endcap.server.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DemoImagesTest
{
    @Test
    void drawsAWellFormedSelfContainedSvg() throws Exception
    {
        // when
        final String svg = DemoImages.svg("100002", "Barkley & Co Chicken & Brown Rice Dry Dog Food, 4 lb", "pet/dog-food");

        // then
        final Document document = parse(svg);
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(document.getDocumentElement().getAttribute("width")).isEqualTo("240");
        assertThat(document.getElementsByTagName("title").item(0).getTextContent())
            .isEqualTo("Barkley & Co Chicken & Brown Rice Dry Dog Food, 4 lb");
        assertThat(document.getElementsByTagName("tspan").getLength()).isBetween(1, 3);
        assertThat(svg).doesNotContain("href", "<script", "url(", "<image", "@import");
        assertThat(svg).contains("100002").contains("pet/dog-food").contains("&amp;");
    }

    @Test
    void escapesMarkupInTheTitle() throws Exception
    {
        // given
        final String title = "<b>Tom & Jerry's</b> \"Best\" >_<";

        // when
        final String svg = DemoImages.svg("1<2", title, "grocery/snacks&more");

        // then
        final Document document = parse(svg);
        assertThat(document.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(title);
        assertThat(document.getElementsByTagName("b").getLength()).isZero();
        assertThat(document.getDocumentElement().getAttribute("aria-label")).isEqualTo(title);
        assertThat(svg).contains("&lt;b&gt;Tom &amp; Jerry&apos;s&lt;/b&gt;").contains("&quot;Best&quot;")
            .contains("1&lt;2").doesNotContain("<b>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "control\u0001char\u0000s", "lone \uD800 surrogate",
        "Supercalifragilisticexpialidocious-and-then-some", "emoji \uD83D\uDC36 dog",
        "A very long product title that goes on and on well beyond three lines of text for sure"})
    void anyTitleGivesAWellFormedDocumentOfAtMostThreeLines(final String title) throws Exception
    {
        // when
        final Document document = parse(DemoImages.svg("100001", title, null));

        // then
        assertThat(document.getElementsByTagName("tspan").getLength()).isLessThanOrEqualTo(3);
        for (int i = 0; i < document.getElementsByTagName("tspan").getLength(); i++)
        {
            assertThat(document.getElementsByTagName("tspan").item(i).getTextContent()).hasSizeLessThanOrEqualTo(23);
        }
    }

    @Test
    void isDeterministicAndColouredByDepartment()
    {
        // given
        final Set<String> backgrounds = new HashSet<>();

        // when
        for (final String department : DemoRetailer.DEPARTMENTS)
        {
            final String svg = DemoImages.svg("100001", "Item", department + "/thing");
            assertThat(DemoImages.svg("100001", "Item", department + "/thing")).isEqualTo(svg);
            backgrounds.add(svg.substring(svg.indexOf("fill=\"#"), svg.indexOf("fill=\"#") + 14));
        }

        // then
        assertThat(backgrounds).hasSize(4);
    }

    @Test
    void drawsEveryStandardProduct() throws Exception
    {
        // given
        final DocumentBuilder builder = builder();
        int totalBytes = 0;

        // when
        for (final DemoRetailer.Product product : DemoRetailer.standard().products())
        {
            final String svg = DemoImages.svg(product);
            totalBytes += svg.length();
            builder.parse(new InputSource(new StringReader(svg)));
        }

        // then
        assertThat(totalBytes / 5_000).isLessThan(2_500);
    }

    private static Document parse(final String svg) throws Exception
    {
        return builder().parse(new InputSource(new StringReader(svg)));
    }

    private static DocumentBuilder builder() throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        final DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder;
    }
}
