/** The decision engine: which product ads a request's placements show, and why the others did not. */
package com.endcap.bidder.decision;
