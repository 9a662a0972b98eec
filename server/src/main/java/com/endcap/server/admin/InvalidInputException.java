package com.endcap.server.admin;

/**
 * Thrown when a request body is not valid: malformed JSON, a wrong type, a missing required field
 * or a value out of range. The HTTP layer answers it with a 400:
 * {@code {"error":{"status":400,"code":"invalid_field","message":...,"field":...}}}.
 * <p>
 * The message is complete and meant for people, e.g. {@code ads[0].bid.amount must be > 0 and <
 * 10000} or {@code line 3: price must be a number >= 0}; {@link #field()} is the JSON path alone.
 */
public final class InvalidInputException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   JSON path of the offending field, e.g. {@code ads[0].bid.amount}, or null when
     *                the input as a whole is bad (malformed JSON).
     * @param message what is wrong, for people.
     */
    public InvalidInputException(final String field, final String message)
    {
        super(message);
        this.field = field;
    }

    /**
     * @param field   JSON path of the offending field, or null.
     * @param message what is wrong, for people.
     * @param cause   the underlying failure.
     */
    public InvalidInputException(final String field, final String message, final Throwable cause)
    {
        super(message, cause);
        this.field = field;
    }

    /**
     * @return JSON path of the offending field, e.g. {@code ads[0].bid.amount}, or null when the
     * input as a whole is bad.
     */
    public String field()
    {
        return field;
    }
}
