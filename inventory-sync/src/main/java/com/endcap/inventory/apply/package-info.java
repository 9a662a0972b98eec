/** The single stock writer: the ring buffer producers hand changes through, the agent that applies them, and acknowledgements. */
package com.endcap.inventory.apply;
