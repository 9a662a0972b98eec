/** The registry of stores and warehouses, persisted next to the stock it describes. */
package com.endcap.inventory.location;
