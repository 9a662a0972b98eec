/** Benchmarks of the decision engine: one decide over a retailer-sized catalog, stock store, audience and ad index. */
package com.endcap.benchmarks.decision;
