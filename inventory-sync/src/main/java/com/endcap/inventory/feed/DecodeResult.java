package com.endcap.inventory.feed;

import java.util.List;

/**
 * What one {@link NdjsonChangeDecoder#decode} call did with a body: how many lines it added to the
 * batch and which lines it rejected, in input order. Immutable.
 *
 * @param decoded  lines added to the batch.
 * @param rejected lines rejected, in input order; empty when all were valid.
 */
public record DecodeResult(int decoded, List<LineError> rejected)
{
    /**
     * Copies the rejected list so the result cannot change after it is returned.
     */
    public DecodeResult
    {
        rejected = List.copyOf(rejected);
    }
}
