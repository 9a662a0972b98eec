package com.endcap.inventory.apply;

/**
 * What the writer did with one acknowledged batch.
 *
 * @param applied changes (or snapshot rows) that changed the store.
 * @param ignored changes skipped because their seq was not above the source's last (replays).
 * @param removed snapshot only: skus of the location absent from the snapshot that it made
 *                unavailable.
 */
public record ApplyResult(int applied, int ignored, int removed)
{
}
