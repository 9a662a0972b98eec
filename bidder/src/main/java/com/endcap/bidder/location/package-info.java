/** Stores and warehouses: where a shopper can pick up or be shipped from. */
package com.endcap.bidder.location;
