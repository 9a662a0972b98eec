/** Advertisers' campaigns and ads as marketers define them: immutable, validated, compiled by the index. */
package com.endcap.bidder.campaign;
