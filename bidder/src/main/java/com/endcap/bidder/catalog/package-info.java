/** The retailer's catalog as the decision engine reads it: products by dense sku id and by category. */
package com.endcap.bidder.catalog;
