package com.endcap.inventory.feed;

/**
 * A snapshot file broke a rule: the whole file is refused and nothing of it is applied or
 * interned. The message names the line and reads {@code "line 7: quantity must be an integer >= 0, got 'x'"}.
 */
public final class SnapshotFormatException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    /**
     * @param line   1-based physical line of the file, the header row being line 1.
     * @param field  the column at fault, or null when the error is not about one column.
     * @param detail what is wrong, without the line.
     */
    public SnapshotFormatException(final int line, final String field, final String detail)
    {
        super("line " + line + ": " + detail);
        this.line = line;
        this.field = field;
    }

    /**
     * @return 1-based physical line of the file, the header row being line 1.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return the column at fault, or null when the error is not about one column.
     */
    public String field()
    {
        return field;
    }
}
