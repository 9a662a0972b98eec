package com.endcap.server.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Placeholder product images for the demo retailer: a small self-contained SVG per product, in its
 * department's colours, with an icon-like shape, the title wrapped over up to three lines and the
 * sku. Nothing is fetched: no external references, fonts or scripts, so the demo works offline.
 * <p>
 * Served as {@value #CONTENT_TYPE} at {@code /demo/img/<sku>.svg}. The same arguments always give
 * the same bytes. Stateless and thread-safe.
 */
public final class DemoImages
{
    /** Media type of the images. */
    public static final String CONTENT_TYPE = "image/svg+xml";
    /** Width and height of an image, in CSS pixels. */
    public static final int SIZE = 240;

    private static final int LINE_CHARS = 22;
    private static final int MAX_LINES = 3;
    private static final String FONT = "Helvetica, Arial, sans-serif";

    /** Background, accent and icon drawing of a department. */
    private record Style(String background, String accent, String icon)
    {
    }

    private static final Style GROCERY = new Style("#E8F5E9", "#2E7D32",
        "<path d=\"M88 58h64l-6 62H94z\"/>" +
        "<path d=\"M104 58v-8a16 16 0 0 1 32 0v8\" fill=\"none\" stroke=\"#2E7D32\" stroke-width=\"6\"/>");
    private static final Style PET = new Style("#FFF3E0", "#E65100",
        "<ellipse cx=\"120\" cy=\"98\" rx=\"22\" ry=\"18\"/>" +
        "<circle cx=\"92\" cy=\"72\" r=\"9\"/><circle cx=\"110\" cy=\"58\" r=\"9\"/>" +
        "<circle cx=\"130\" cy=\"58\" r=\"9\"/><circle cx=\"148\" cy=\"72\" r=\"9\"/>");
    private static final Style HOUSEHOLD = new Style("#E3F2FD", "#1565C0",
        "<rect x=\"100\" y=\"62\" width=\"40\" height=\"62\" rx=\"8\"/>" +
        "<rect x=\"110\" y=\"48\" width=\"20\" height=\"16\" rx=\"3\"/>" +
        "<rect x=\"130\" y=\"50\" width=\"22\" height=\"6\" rx=\"3\"/>");
    private static final Style ELECTRONICS = new Style("#F3E5F5", "#6A1B9A",
        "<rect x=\"98\" y=\"44\" width=\"44\" height=\"80\" rx=\"8\"/>" +
        "<rect x=\"104\" y=\"52\" width=\"32\" height=\"58\" rx=\"2\" fill=\"#F3E5F5\"/>" +
        "<circle cx=\"120\" cy=\"117\" r=\"3\" fill=\"#F3E5F5\"/>");
    private static final Style OTHER = new Style("#ECEFF1", "#455A64",
        "<rect x=\"92\" y=\"52\" width=\"56\" height=\"68\" rx=\"6\"/>");

    private DemoImages()
    {
    }

    /**
     * @param product a product of the demo retailer.
     * @return its placeholder image.
     */
    public static String svg(final DemoRetailer.Product product)
    {
        return svg(product.sku(), product.title(), product.category());
    }

    /**
     * Draws a placeholder image. Every text is XML-escaped, and characters XML does not allow are
     * left out, so any title gives a well-formed document.
     *
     * @param sku      the retailer's sku id, shown small at the bottom.
     * @param title    the plain-text title; wrapped at word boundaries, cut with an ellipsis
     *                 after {@value #MAX_LINES} lines.
     * @param category the category path; its department (e.g. {@code pet}) picks colours and icon.
     *                 Null or unknown gives a neutral style.
     * @return an SVG document of {@value #SIZE} x {@value #SIZE} pixels.
     */
    public static String svg(final String sku, final String title, final String category)
    {
        final String safeSku = null == sku ? "" : sku;
        final String safeTitle = null == title ? "" : title;
        final String safeCategory = null == category ? "" : category;
        final Style style = style(safeCategory);
        final StringBuilder svg = new StringBuilder(1_400);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(SIZE).append("\" height=\"").append(SIZE)
            .append("\" viewBox=\"0 0 ").append(SIZE).append(' ').append(SIZE).append("\" role=\"img\" aria-label=\"");
        escape(safeTitle, svg);
        svg.append("\"><title>");
        escape(safeTitle, svg);
        svg.append("</title><rect width=\"").append(SIZE).append("\" height=\"").append(SIZE)
            .append("\" rx=\"16\" fill=\"").append(style.background()).append("\"/>")
            .append("<rect y=\"").append(SIZE - 34).append("\" width=\"").append(SIZE)
            .append("\" height=\"34\" fill=\"").append(style.accent()).append("\" fill-opacity=\"0.12\"/>")
            .append("<g fill=\"").append(style.accent()).append("\">").append(style.icon()).append("</g>")
            .append("<text x=\"120\" y=\"156\" text-anchor=\"middle\" font-family=\"").append(FONT)
            .append("\" font-size=\"15\" font-weight=\"600\" fill=\"#1F2933\">");
        final List<String> lines = wrap(safeTitle);
        for (int i = 0; i < lines.size(); i++)
        {
            svg.append("<tspan x=\"120\" dy=\"").append(0 == i ? "0" : "18").append("\">");
            escape(lines.get(i), svg);
            svg.append("</tspan>");
        }
        svg.append("</text><text x=\"120\" y=\"").append(SIZE - 12).append("\" text-anchor=\"middle\" font-family=\"")
            .append(FONT).append("\" font-size=\"11\" fill=\"").append(style.accent()).append("\">");
        escape(safeCategory, svg);
        if (!safeCategory.isEmpty() && !safeSku.isEmpty())
        {
            svg.append(" \u00B7 ");
        }
        escape(safeSku, svg);
        svg.append("</text></svg>\n");
        return svg.toString();
    }

    private static Style style(final String category)
    {
        final int slash = category.indexOf('/');
        final String department = slash < 0 ? category : category.substring(0, slash);
        switch (department)
        {
            case "grocery":
                return GROCERY;
            case "pet":
                return PET;
            case "household":
                return HOUSEHOLD;
            case "electronics":
                return ELECTRONICS;
            default:
                return OTHER;
        }
    }

    /**
     * Greedy word wrap of the unescaped text; a word longer than a line is cut, and text beyond
     * the last line ends that line with an ellipsis.
     */
    private static List<String> wrap(final String text)
    {
        final List<String> lines = new ArrayList<>(MAX_LINES);
        final StringBuilder line = new StringBuilder(LINE_CHARS + 1);
        final String[] words = text.trim().split("\\s+");
        boolean cut = false;
        for (final String word : words)
        {
            if (word.isEmpty())
            {
                continue;
            }
            final String piece = word.length() > LINE_CHARS ? word.substring(0, LINE_CHARS - 1) + "\u2026" : word;
            if (line.length() > 0 && line.length() + 1 + piece.length() > LINE_CHARS)
            {
                if (lines.size() == MAX_LINES - 1)
                {
                    cut = true;
                    break;
                }
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0)
            {
                line.append(' ');
            }
            line.append(piece);
        }
        if (cut)
        {
            while (line.length() > LINE_CHARS - 1)
            {
                line.setLength(line.length() - 1);
            }
            line.append('\u2026');
        }
        if (line.length() > 0)
        {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Appends text escaped for XML content and attribute values, dropping characters XML 1.0 forbids. */
    private static void escape(final String text, final StringBuilder into)
    {
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&':
                    into.append("&amp;");
                    break;
                case '<':
                    into.append("&lt;");
                    break;
                case '>':
                    into.append("&gt;");
                    break;
                case '"':
                    into.append("&quot;");
                    break;
                case '\'':
                    into.append("&apos;");
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
                    {
                        into.append(c).append(text.charAt(++i));
                    }
                    else if (isXmlChar(c))
                    {
                        into.append(c);
                    }
                    break;
            }
        }
    }

    private static boolean isXmlChar(final char c)
    {
        if (c < 0x20)
        {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
    }
}
