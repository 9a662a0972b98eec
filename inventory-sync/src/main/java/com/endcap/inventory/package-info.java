/** The stock store as one component: open a data directory as its writer or as a reader, feed it, read it. */
package com.endcap.inventory;
