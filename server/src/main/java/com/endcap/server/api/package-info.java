/** The endpoints of the HTTP API: one handler per resource, wired to routes by the server. */
package com.endcap.server.api;
