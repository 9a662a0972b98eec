/** JSON of the decision path, streamed with Jackson straight from and to Netty's buffers. */
package com.endcap.server.json;
