/*
 * Endcap Market, the demo storefront's own script (not part of the ad tag). It keeps the shopper's
 * state in localStorage, as a retailer's site would: the store (under the key the tag uses too),
 * the persona and a small cart. Pages call EndcapDemo.store(), .user() and .addToCart(item) from
 * their endcap.cmd functions; everything else wires itself to the page when the DOM is ready.
 */
(function (window, document) {
  'use strict';

  var STORE_KEY = 'endcap.storeId';
  var USER_KEY = 'endcap.demo.user';
  var CART_KEY = 'endcap.demo.cart';
  var ORDER_KEY = 'endcap.demo.order';
  var LIVE_KEY = 'endcap.demo.live';
  var DEFAULT_USER = 'u-1';
  var STOCK_POLL_MS = 5000;
  var LIVE_MS = 10000;
  var LOW_STOCK = 5;

  var data = null;
  var toastTimer = null;
  var liveTimer = null;

  function storage(key, value) {
    try {
      if (arguments.length > 1) {
        if (value === null) {
          window.localStorage.removeItem(key);
        } else {
          window.localStorage.setItem(key, value);
        }
        return value;
      }
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function pageData() {
    if (!data) {
      var node = document.getElementById('demo-data');
      try {
        data = JSON.parse(node ? node.textContent : '{}');
      } catch (e) {
        data = {};
      }
      data.stores = data.stores || [];
      data.locations = data.locations || {};
    }
    return data;
  }

  function withEndcap(fn) {
    window.endcap = window.endcap || {cmd: []};
    window.endcap.cmd.push(fn);
  }

  // ---- the shopper's store and persona ----------------------------------------------------

  function store() {
    var stores = pageData().stores;
    var chosen = storage(STORE_KEY);
    return chosen && stores.indexOf(chosen) >= 0 ? chosen : (stores[0] || 'S001');
  }

  function locationName(code) {
    return pageData().locations[code] || code;
  }

  function validUser(key) {
    var match = /^u-([1-9][0-9]{0,3})$/.exec(key || '');
    return !!match && parseInt(match[1], 10) <= 1000;
  }

  function user() {
    var asked = new URLSearchParams(window.location.search).get('user');
    if (validUser(asked)) {
      storage(USER_KEY, asked);
      return asked;
    }
    var kept = storage(USER_KEY);
    return validUser(kept) ? kept : DEFAULT_USER;
  }

  function chooseStore(code) {
    storage(STORE_KEY, code);
    withEndcap(function () {
      window.endcap.setContext({storeId: code});
      window.endcap.refresh();
    });
    links();
    fulfilmentLines();
    stockWidget();
    toast('Showing offers for ' + locationName(code));
  }

  function chooseUser(key) {
    storage(USER_KEY, key);
    var params = new URLSearchParams(window.location.search);
    if (params.has('user') && window.history.replaceState) {
      params['delete']('user');
      var search = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (search ? '?' + search : '') + window.location.hash);
    }
    withEndcap(function () {
      window.endcap.setContext({userKey: key});
      window.endcap.refresh();
    });
    toast('Shopping as ' + key);
  }

  // ---- the cart ---------------------------------------------------------------------------

  function cart() {
    try {
      var items = JSON.parse(storage(CART_KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function saveCart(items) {
    storage(CART_KEY, items.length ? JSON.stringify(items) : null);
    links();
  }

  function cartSkus(items) {
    var skus = [];
    items.forEach(function (item) {
      if (skus.indexOf(item.sku) < 0) {
        skus.push(item.sku);
      }
    });
    return skus;
  }

  function cartUrl(items) {
    var skus = cartSkus(items);
    return '/demo/cart' + (skus.length ? '?skus=' + encodeURIComponent(skus.join(',')) : '');
  }

  function fulfilmentText(item) {
    if (!item) {
      return 'Pick up at ' + locationName(store());
    }
    if (item.fulfilment === 'ship') {
      return item.locationId ? 'Ships from ' + locationName(item.locationId) : 'Ships to you';
    }
    return 'Pick up at ' + locationName(item.locationId || store());
  }

  /** The tag's add-to-cart hook: {sku, quantity, locationId, fulfilment}. */
  function addToCart(item) {
    if (!item || !item.sku) {
      return;
    }
    var items = cart();
    var quantity = Math.max(1, parseInt(item.quantity, 10) || 1);
    var same = null;
    items.forEach(function (existing) {
      if (existing.sku === item.sku && existing.locationId === item.locationId && existing.fulfilment === item.fulfilment) {
        same = existing;
      }
    });
    if (same) {
      same.quantity += quantity;
    } else {
      items.push({sku: String(item.sku), quantity: quantity, locationId: item.locationId || null,
        fulfilment: item.fulfilment === 'ship' ? 'ship' : 'pickup'});
    }
    saveCart(items);
    if (document.body && document.body.getAttribute('data-page') === 'cart') {
      window.location.assign(cartUrl(items));
      return;
    }
    toast('Added to your cart: ' + fulfilmentText(same || items[items.length - 1]));
  }

  // ---- page furniture ---------------------------------------------------------------------

  function toast(message) {
    var node = document.getElementById('demo-toast');
    if (!node) {
      return;
    }
    node.textContent = message;
    node.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(function () {
      node.hidden = true;
    }, 2500);
  }

  function links() {
    var items = cart();
    var count = 0;
    items.forEach(function (item) {
      count += item.quantity || 1;
    });
    var counter = document.getElementById('demo-cart-count');
    if (counter) {
      counter.textContent = String(count);
    }
    var url = cartUrl(items);
    Array.prototype.forEach.call(document.querySelectorAll('[data-demo-cart-link]'), function (link) {
      link.setAttribute('href', url);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-demo-screen-link]'), function (link) {
      link.setAttribute('href', '/demo/screen/' + encodeURIComponent(store()));
    });
  }

  function pickers() {
    var stores = document.getElementById('demo-store');
    if (stores) {
      stores.value = store();
      stores.addEventListener('change', function () {
        chooseStore(stores.value);
      });
    }
    var users = document.getElementById('demo-user');
    if (users) {
      var key = user();
      var known = Array.prototype.some.call(users.options, function (option) {
        return option.value === key;
      });
      if (!known) {
        var option = document.createElement('option');
        option.value = key;
        option.textContent = key;
        users.appendChild(option);
      }
      users.value = key;
      users.addEventListener('change', function () {
        chooseUser(users.value);
      });
    }
    var live = document.getElementById('demo-live');
    if (live) {
      live.checked = storage(LIVE_KEY) === '1';
      live.addEventListener('change', function () {
        storage(LIVE_KEY, live.checked ? '1' : null);
        liveAds(live.checked);
      });
      liveAds(live.checked);
    }
  }

  function liveAds(on) {
    window.clearInterval(liveTimer);
    liveTimer = on ? window.setInterval(function () {
      if (document.visibilityState === 'visible') {
        withEndcap(function () {
          window.endcap.refresh();
        });
      }
    }, LIVE_MS) : null;
  }

  // ---- product page: stock at the chosen store ------------------------------------------------

  var stockTimer = null;
  var stockAsked = 0;

  function stockWidget() {
    var node = document.getElementById('demo-stock');
    if (!node) {
      return;
    }
    var sku = node.getAttribute('data-sku');
    var code = store();
    var name = locationName(code);
    var asked = ++stockAsked;
    var pickup = document.querySelector('[data-demo-add="pickup"]');
    if (pickup) {
      pickup.textContent = 'Pick up today at ' + name;
    }
    window.clearTimeout(stockTimer);
    window.fetch('/v1/inventory/' + encodeURIComponent(code) + '/' + encodeURIComponent(sku), {cache: 'no-store'})
      .then(function (response) {
        if (response.status === 404) {
          return {carried: false};
        }
        if (!response.ok) {
          throw new Error('inventory answered ' + response.status);
        }
        return response.json().then(function (record) {
          return {carried: true, available: record.available};
        });
      })
      .then(function (stock) {
        if (asked !== stockAsked) {
          return;
        }
        var state;
        var text;
        if (!stock.carried) {
          state = 'out';
          text = name + ' does not carry this product';
        } else if (stock.available <= 0) {
          state = 'out';
          text = 'Sold out at ' + name;
        } else if (stock.available <= LOW_STOCK) {
          state = 'low';
          text = 'Only ' + stock.available + ' left at ' + name + ', pick up today';
        } else {
          state = 'in';
          text = stock.available + ' in stock at ' + name + ', pick up today';
        }
        node.setAttribute('data-state', state);
        node.textContent = text;
        var when = document.createElement('small');
        when.textContent = 'live, checked ' + new Date().toLocaleTimeString();
        node.appendChild(when);
        if (pickup) {
          pickup.disabled = state === 'out';
        }
      })['catch'](function () {
        if (asked === stockAsked) {
          node.setAttribute('data-state', 'unknown');
          node.textContent = 'Stock at ' + name + ' is not available right now';
        }
      })
      .then(function () {
        if (asked === stockAsked) {
          stockTimer = window.setTimeout(function () {
            if (document.visibilityState === 'visible') {
              stockWidget();
            } else {
              stockTimer = window.setTimeout(stockWidget, STOCK_POLL_MS);
            }
          }, STOCK_POLL_MS);
        }
      });
  }

  function addButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-demo-add]'), function (button) {
      button.addEventListener('click', function () {
        var ship = button.getAttribute('data-demo-add') === 'ship';
        addToCart({sku: button.getAttribute('data-sku'), quantity: 1, locationId: ship ? null : store(),
          fulfilment: ship ? 'ship' : 'pickup'});
      });
    });
  }

  // ---- cart and order pages ---------------------------------------------------------------

  function fulfilmentLines() {
    var page = document.body.getAttribute('data-page');
    if (page !== 'cart' && page !== 'order') {
      return;
    }
    var items = page === 'cart' ? cart() : orderItems();
    Array.prototype.forEach.call(document.querySelectorAll('.line'), function (line) {
      var sku = line.getAttribute('data-sku');
      var mine = items.filter(function (item) {
        return item.sku === sku;
      });
      var quantity = 0;
      mine.forEach(function (item) {
        quantity += item.quantity || 1;
      });
      var where = line.querySelector('[data-demo-fulfilment]');
      if (where) {
        where.textContent = mine.length ? mine.map(fulfilmentText).join('; ') : fulfilmentText(null);
      }
      var count = line.querySelector('[data-demo-quantity]');
      if (count) {
        count.textContent = 'Qty ' + Math.max(1, quantity);
      }
    });
  }

  function orderItems() {
    try {
      var items = JSON.parse(storage(ORDER_KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function cartPage() {
    var section = document.getElementById('demo-cart');
    if (!section) {
      return;
    }
    var items = cart();
    if (section.getAttribute('data-sample') === 'true' && items.length) {
      window.location.replace(cartUrl(items));
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-demo-remove]'), function (button) {
      button.addEventListener('click', function () {
        var sku = button.getAttribute('data-demo-remove');
        var kept = cart().filter(function (item) {
          return item.sku !== sku;
        });
        saveCart(kept);
        var remaining = [];
        Array.prototype.forEach.call(document.querySelectorAll('.line'), function (line) {
          if (line.getAttribute('data-sku') !== sku) {
            remaining.push(line.getAttribute('data-sku'));
          }
        });
        window.location.assign('/demo/cart?skus=' + encodeURIComponent(remaining.join(',')));
      });
    });
    var place = document.getElementById('demo-place-order');
    if (place) {
      place.addEventListener('click', function () {
        storage(ORDER_KEY, JSON.stringify(cart()));
        saveCart([]);
      });
    }
  }

  // ---- in-store screen ----------------------------------------------------------------------

  function screen() {
    var body = document.body;
    var clock = document.getElementById('demo-clock');
    var zone = body.getAttribute('data-timezone') || undefined;
    function tick() {
      try {
        clock.textContent = new Date().toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', timeZone: zone});
      } catch (e) {
        clock.textContent = new Date().toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
      }
    }
    if (clock) {
      tick();
      window.setInterval(tick, 1000);
    }
    var frame = document.getElementById('demo-screen-ads');
    var empty = document.getElementById('demo-screen-empty');
    if (!frame) {
      return;
    }
    var refreshMs = (parseInt(body.getAttribute('data-refresh'), 10) || 8) * 1000;
    var source = frame.getAttribute('src');
    var loadedAt = Date.now();
    frame.addEventListener('load', function () {
      loadedAt = Date.now();
      var filled = false;
      try {
        var slot = frame.contentDocument && frame.contentDocument.querySelector('.ec-slot');
        filled = !!slot && slot.getAttribute('data-endcap-state') === 'filled';
      } catch (e) {
        filled = true;
      }
      if (empty) {
        empty.hidden = filled;
      }
      frame.style.visibility = filled ? 'visible' : 'hidden';
    });
    // The render page reloads itself; an error page does not, so reload it when it went quiet.
    window.setInterval(function () {
      if (Date.now() - loadedAt > 3 * refreshMs) {
        loadedAt = Date.now();
        frame.setAttribute('src', source + '&t=' + Date.now());
      }
    }, refreshMs);
  }

  function ready() {
    var page = document.body.getAttribute('data-page');
    if (page === 'screen') {
      screen();
      return;
    }
    pickers();
    links();
    addButtons();
    stockWidget();
    cartPage();
    fulfilmentLines();
  }

  window.EndcapDemo = {
    store: store,
    user: user,
    addToCart: addToCart,
    cart: cart
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})(window, document);
