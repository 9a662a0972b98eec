/** Benchmarks of the stock store: writer apply rate, and point and candidate lookups through the StockView port. */
package com.endcap.benchmarks.stock;
