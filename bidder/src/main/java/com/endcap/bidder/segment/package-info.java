/** Audience segments: interned segment names, compiled targeting expressions and the per-user segment read port with its in-memory store. */
package com.endcap.bidder.segment;
