/** What has been delivered: spend and pacing per campaign, click rates per ad, frequency caps per shopper. */
package com.endcap.bidder.delivery;
