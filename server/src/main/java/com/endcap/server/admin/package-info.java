/** The admin API's model side: JSON codecs for campaigns and catalog products, and their persisted repositories. */
package com.endcap.server.admin;
