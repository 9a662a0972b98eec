/** Interning of external string ids (skus, locations, sources) into dense ints, persisted and stable across restarts. */
package com.endcap.inventory.ids;
