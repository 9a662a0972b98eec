/** Distances between shoppers and stores, cheap enough for the decision path. */
package com.endcap.bidder.geo;
