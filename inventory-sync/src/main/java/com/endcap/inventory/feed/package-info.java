/** Decoders for what feeds stock in: NDJSON stock changes and full per-location local-inventory snapshots (CSV/TSV). */
package com.endcap.inventory.feed;
