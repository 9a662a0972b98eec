/** The embedded demo retailer: generated stores, warehouses, SKUs and stock, and live stock churn. */
package com.endcap.server.demo;
