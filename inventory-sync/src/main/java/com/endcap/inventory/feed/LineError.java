package com.endcap.inventory.feed;

/**
 * Why one input line was rejected, for the response to the sender.
 *
 * @param line    1-based line of the input.
 * @param field   the offending field, or null when the error is not about one field (invalid JSON,
 *                not an object, both or neither of {@code onHand} and {@code delta}).
 * @param message what is wrong, for a human.
 */
public record LineError(int line, String field, String message)
{
}
