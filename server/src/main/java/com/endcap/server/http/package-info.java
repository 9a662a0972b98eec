/** The Netty HTTP transport: pipeline, limits, routing, in-order responses, CORS and the JSON error shape. */
package com.endcap.server.http;
