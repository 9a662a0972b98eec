/** The end-to-end load harness: a generated retailer, the real server in its own JVM, an open-loop generator, nginx. */
package com.endcap.benchmarks.load;
