/** Benchmarks of the decision endpoint's transport: request JSON decode, response JSON encode, and the whole HTTP path. */
package com.endcap.benchmarks.http;
