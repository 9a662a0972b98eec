/** Benchmarks. */
package com.endcap.benchmarks;
