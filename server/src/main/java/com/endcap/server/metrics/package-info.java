/** The operators' view: Micrometer meters exported at /metrics in the Prometheus format. */
package com.endcap.server.metrics;
