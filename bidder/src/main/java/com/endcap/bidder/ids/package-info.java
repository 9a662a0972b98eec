/** The id port: external string ids to the dense ints every hot structure is keyed by. */
package com.endcap.bidder.ids;
