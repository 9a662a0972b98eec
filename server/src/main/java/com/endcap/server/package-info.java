/** The Endcap process: the launcher's entry point and the wiring of its commands. */
package com.endcap.server;
