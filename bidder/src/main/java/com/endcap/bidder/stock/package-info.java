/** The stock read port the decision engine owns: available-to-promise per (sku, location), lock-free and allocation-free. */
package com.endcap.bidder.stock;
