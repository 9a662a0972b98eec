/** The server process assembled: stores, engine, routes and lifecycle, for `serve` and `demo` alike. */
package com.endcap.server.app;
