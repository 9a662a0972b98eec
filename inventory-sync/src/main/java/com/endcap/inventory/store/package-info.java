/** The persisted stock store: Chronicle Map records, the hot availability index, and the reader views over them. */
package com.endcap.inventory.store;
