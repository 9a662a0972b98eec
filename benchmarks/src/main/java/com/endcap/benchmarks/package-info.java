/** JMH benchmarks of Endcap and the main class that runs them with the project's JVM flags. */
package com.endcap.benchmarks;
