package com.endcap.server.http;

/**
 * Escaping text into HTML, for the pages Endcap writes itself ({@code /v1/render}, the demo).
 */
public final class Html
{
    private Html()
    {
    }

    /**
     * @param text text, may be null (written as nothing).
     * @return the text safe inside an element or a double- or single-quoted attribute.
     */
    public static String escape(final String text)
    {
        if (null == text)
        {
            return "";
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
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
}
