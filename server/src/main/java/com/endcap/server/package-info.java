/** Endcap server. */
package com.endcap.server;
