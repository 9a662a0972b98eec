/** The immutable ad index the decision engine reads: ads compiled to primitives, by slot type and channel. */
package com.endcap.bidder.index;
