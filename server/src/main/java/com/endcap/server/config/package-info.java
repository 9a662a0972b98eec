/** The server's one configuration: defaults, a file, environment overrides, validated once at start. */
package com.endcap.server.config;
