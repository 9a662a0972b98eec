/** Signed event URLs and replay detection for impressions, views and clicks. */
package com.endcap.server.events;
