/*
 * Endcap publisher tag. Paste a slot and the script:
 *   <div data-endcap-slot="product_sidebar" data-endcap-count="2"></div>
 *   <script async src="https://ADS.EXAMPLE/tag.js"></script>
 * Calls made before it loads wait in a queue:
 *   window.endcap = window.endcap || {cmd: []};
 *   endcap.cmd.push(function () { endcap.setContext({storeId: "S042", pageType: "product"}); });
 * Cards render in closed shadow roots: the page's CSS cannot restyle them, its scripts cannot reach
 * into them (data-endcap-shadow="open" opens the root for QA tools and tests; CSS is isolated the
 * same way). Nothing here throws into the page; a failed or empty slot collapses
 * (data-endcap-collapse="false" keeps its space).
 */
(function (window, document) {
  'use strict';
  if (window.endcap && window.endcap.loaded) {
    return;
  }

  var CARD_CSS = '/*ENDCAP_CARD_CSS*/';
  var LAZY_MARGIN_PX = 600;
  var VIEW_MS = 1000;
  var CONSENT_WAIT_MS = 500;
  var STORE_KEY = 'endcap.storeId';

  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src, document.baseURI).origin : window.location.origin;
  var queued = (window.endcap && window.endcap.cmd) || [];

  var context = {};
  var cartHook = null;
  var consent = null;
  var consentWaiters = [];
  var slots = [];
  var pending = [];
  var flushScheduled = false;
  var sequence = 0;

  function safely(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) {
        if (window.console && console.warn) {
          console.warn('endcap:', e);
        }
      }
    };
  }

  // ---- context and storage ---------------------------------------------------------------

  function storage(key, value) {
    try {
      if (arguments.length > 1) {
        window.localStorage.setItem(key, value);
        return value;
      }
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function setContext(values) {
    Object.keys(values || {}).forEach(function (key) {
      context[key] = values[key];
    });
    if (values && values.storeId) {
      storage(STORE_KEY, values.storeId);
    }
  }

  // ---- consent: TCF v2 or GPP when the page has a CMP ----------------------------------------

  function settleConsent(value) {
    if (consent) {
      return;
    }
    consent = value;
    consentWaiters.splice(0).forEach(function (fn) { fn(); });
  }

  function whenConsent(fn) {
    if (consent) {
      fn();
    } else {
      consentWaiters.push(fn);
    }
  }

  function readConsent() {
    if (typeof window.__tcfapi === 'function') {
      window.__tcfapi('addEventListener', 2, safely(function (data, ok) {
        if (!ok || !data) {
          settleConsent({personalization: false, source: 'tcf'});
          return;
        }
        if (data.eventStatus === 'tcloaded' || data.eventStatus === 'useractioncomplete') {
          var purposes = (data.purpose && data.purpose.consents) || {};
          var applies = data.gdprApplies !== false;
          // Purpose 1 (store and access information) and 4 (personalised advertising).
          settleConsent({personalization: !applies || (!!purposes[1] && !!purposes[4]), source: 'tcf',
            tcString: data.tcString});
        }
      }));
    } else if (typeof window.__gpp === 'function') {
      window.__gpp('addEventListener', safely(function (event) {
        var data = event && event.pingData ? event.pingData : event;
        if (data && data.signalStatus === 'ready') {
          var sections = data.applicableSections || [];
          // Without an applicable section (-1 or none) nothing restricts personalisation; under a
          // section we personalise only when the page says so with endcap.setConsent.
          var free = sections.length === 0 || (sections.length === 1 && sections[0] === -1);
          settleConsent({personalization: free, source: 'gpp', gppString: data.gppString});
        }
      }));
    } else {
      settleConsent({personalization: true, source: 'none'});
      return;
    }
    window.setTimeout(function () {
      settleConsent({personalization: false, source: 'timeout'});
    }, CONSENT_WAIT_MS);
  }

  // ---- slots, lazy loading and batching -------------------------------------------------------

  function slotFor(element) {
    for (var i = 0; i < slots.length; i++) {
      if (slots[i].element === element) {
        return slots[i];
      }
    }
    var slot = {
      element: element,
      id: element.getAttribute('data-endcap-id') || element.id || ('endcap-slot-' + (++sequence)),
      type: element.getAttribute('data-endcap-slot'),
      count: Math.max(1, Math.min(20, parseInt(element.getAttribute('data-endcap-count') || '1', 10) || 1)),
      root: null,
      cards: [],
      requested: false
    };
    slots.push(slot);
    return slot;
  }

  var lazy = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        lazy.unobserve(entry.target);
        request(slotFor(entry.target));
      }
    });
  }, {rootMargin: LAZY_MARGIN_PX + 'px 0px'}) : null;

  function scan() {
    var elements = document.querySelectorAll('[data-endcap-slot]');
    for (var i = 0; i < elements.length; i++) {
      var slot = slotFor(elements[i]);
      if (!slot.requested && !slot.watched) {
        slot.watched = true;
        if (lazy) {
          lazy.observe(slot.element);
        } else {
          request(slot);
        }
      }
    }
  }

  function request(slot) {
    slot.requested = true;
    if (pending.indexOf(slot) < 0) {
      pending.push(slot);
    }
    if (!flushScheduled) {
      flushScheduled = true;
      window.setTimeout(function () {
        flushScheduled = false;
        whenConsent(flush);
      }, 0);
    }
  }

  function flush() {
    var batch = pending.splice(0, 10);
    if (pending.length) {
      request(pending[0]);
    }
    if (!batch.length) {
      return;
    }
    var personalized = !!(consent && consent.personalization);
    var storeId = context.storeId || storage(STORE_KEY);
    var body = {
      placements: batch.map(function (slot) {
        return {id: slot.id, slot: slot.type, count: slot.count};
      }),
      context: {
        channel: context.channel || 'web',
        storeId: storeId || undefined,
        geo: context.geo || undefined,
        pageType: context.pageType || undefined,
        category: context.category || undefined,
        keywords: context.keywords || undefined,
        cartSkus: context.cartSkus || undefined,
        orderSkus: context.orderSkus || undefined,
        excludeSkus: context.excludeSkus || undefined
      },
      consent: {personalization: personalized}
    };
    if (personalized && context.userKey) {
      body.user = {key: context.userKey, segments: context.segments || undefined};
    }
    window.fetch(base + '/v1/decisions', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors'
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('decisions answered ' + response.status);
      }
      return response.json();
    }).then(safely(function (answer) {
      batch.forEach(function (slot) {
        render(slot, (answer.decisions && answer.decisions[slot.id]) || []);
      });
    }))['catch'](function () {
      batch.forEach(function (slot) {
        render(slot, []);
      });
    });
  }

  // ---- rendering -------------------------------------------------------------------------------

  function text(parent, tag, className, value) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (value !== undefined && value !== null) {
      node.textContent = String(value);
    }
    parent.appendChild(node);
    return node;
  }

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(undefined, {style: 'currency', currency: currency || 'USD'}).format(amount);
    } catch (e) {
      return (currency || '') + ' ' + Number(amount).toFixed(2);
    }
  }

  function absolute(url) {
    return url ? new URL(url, base + '/').href : url;
  }

  function clear(slot) {
    slot.cards.forEach(function (card) {
      card.retired = true;
      if (card.timer) {
        window.clearTimeout(card.timer);
      }
      if (card.observer) {
        card.observer.disconnect();
      }
      if (card.onVisibility) {
        document.removeEventListener('visibilitychange', card.onVisibility);
      }
    });
    slot.cards = [];
  }

  function render(slot, ads) {
    clear(slot);
    var element = slot.element;
    if (!slot.root) {
      var mode = element.getAttribute('data-endcap-shadow') === 'open' ? 'open' : 'closed';
      slot.root = element.attachShadow ? element.attachShadow({mode: mode}) : element;
    }
    var root = slot.root;
    while (root.firstChild) {
      root.removeChild(root.firstChild);
    }
    if (!ads.length) {
      if (element.getAttribute('data-endcap-collapse') !== 'false') {
        element.style.display = 'none';
      }
      element.setAttribute('data-endcap-state', 'empty');
      return;
    }
    element.style.display = '';
    var style = document.createElement('style');
    style.textContent = CARD_CSS;
    root.appendChild(style);
    var container = text(root, 'div', 'ec-slot');
    ads.forEach(function (ad) {
      slot.cards.push(card(container, ad));
    });
    element.setAttribute('data-endcap-state', 'filled');
    element.setAttribute('data-endcap-skus', ads.map(function (ad) { return ad.sku; }).join(' '));
  }

  function card(container, ad) {
    var state = {ad: ad, retired: false, viewed: false, timer: null, observer: null};
    var product = ad.product || {};
    var availability = ad.availability || {};
    var creative = ad.creative || {};
    var events = ad.events || {};
    var node = text(container, 'div', 'ec-card');
    node.setAttribute('data-sku', ad.sku);
    text(node, 'span', 'ec-sponsored', 'Sponsored');
    var link = text(node, 'a', 'ec-link');
    link.href = absolute(events.click);
    link.target = '_top';
    link.rel = 'noopener';
    var image = text(link, 'img', 'ec-image');
    image.alt = product.title || '';
    image.loading = 'lazy';
    if (product.imageUrl) {
      image.src = absolute(product.imageUrl);
    }
    if (creative.headline) {
      text(link, 'span', 'ec-headline', creative.headline);
    }
    text(link, 'span', 'ec-title', product.title);
    var prices = text(link, 'span', 'ec-prices');
    if (product.salePrice !== undefined) {
      text(prices, 'span', 'ec-price', money(product.salePrice, product.currency));
      text(prices, 'span', 'ec-was', money(product.price, product.currency));
    } else {
      text(prices, 'span', 'ec-price', money(product.price, product.currency));
    }
    if (product.memberPrice !== undefined) {
      text(prices, 'span', 'ec-member', 'Member ' + money(product.memberPrice, product.currency));
    }
    text(link, 'span', 'ec-availability' + (availability.band === 'limited' ? ' ec-limited' : ''), availability.message);
    // With the publisher's cart hook the button adds to the cart, and says so.
    var label = creative.cta || 'Shop now';
    if (cartHook && !/cart|bag|basket|add/i.test(label)) {
      label = 'Add to cart';
    }
    var cta = text(node, cartHook ? 'button' : 'a', 'ec-cta', label);
    if (cartHook) {
      cta.type = 'button';
      cta.addEventListener('click', safely(function () {
        var item = {sku: ad.sku, quantity: 1, locationId: availability.locationId, fulfilment: availability.mode};
        cartHook(item);
        recordAddToCart(ad);
      }));
    } else {
      cta.href = link.href;
      cta.target = '_top';
    }
    beacon(events.impression);
    watchViewability(node, state, events.viewable);
    return state;
  }

  // ---- events ----------------------------------------------------------------------------------

  function beacon(url) {
    if (!url) {
      return;
    }
    var target = absolute(url);
    if (navigator.sendBeacon && navigator.sendBeacon(target)) {
      return;
    }
    new Image().src = target;
  }

  function watchViewability(node, state, url) {
    if (!url || !('IntersectionObserver' in window)) {
      return;
    }
    var visible = false;
    function arm() {
      if (state.viewed || state.retired || state.timer || !visible || document.visibilityState !== 'visible') {
        return;
      }
      state.timer = window.setTimeout(function () {
        state.timer = null;
        if (!state.retired && visible && document.visibilityState === 'visible' && !state.viewed) {
          state.viewed = true;
          state.observer.disconnect();
          beacon(url);
        }
      }, VIEW_MS);
    }
    function disarm() {
      if (state.timer) {
        window.clearTimeout(state.timer);
        state.timer = null;
      }
    }
    state.observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        visible = entry.isIntersecting && entry.intersectionRatio >= 0.5;
        if (visible) {
          arm();
        } else {
          disarm();
        }
      });
    }, {threshold: [0, 0.5, 1]});
    state.observer.observe(node);
    state.onVisibility = function () {
      if (document.visibilityState === 'visible') {
        arm();
      } else {
        disarm();
      }
    };
    document.addEventListener('visibilitychange', state.onVisibility);
  }

  function recordAddToCart(ad) {
    var personalized = !!(consent && consent.personalization);
    var event = {type: 'add_to_cart', sku: ad.sku, ts: Date.now(), channel: context.channel || 'web'};
    if (personalized && context.userKey) {
      event.userKey = context.userKey;
    }
    window.fetch(base + '/v1/events', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({events: [event]}),
      credentials: 'omit',
      mode: 'cors',
      keepalive: true
    })['catch'](function () {});
  }

  // ---- the public API --------------------------------------------------------------------------

  function refresh(ids) {
    scan();
    slots.forEach(function (slot) {
      if (!ids || ids.indexOf(slot.id) >= 0) {
        if (slot.requested || !lazy) {
          request(slot);
        }
      }
    });
  }

  var api = {
    loaded: true,
    version: '1',
    cmd: {push: safely(function (fn) { fn(); })},
    setContext: safely(setContext),
    setConsent: safely(function (value) { consent = null; settleConsent({personalization: !!(value && value.personalization),
      source: 'page'}); }),
    onAddToCart: safely(function (fn) { cartHook = typeof fn === 'function' ? fn : null; }),
    refresh: safely(refresh),
    slots: function () {
      return slots.map(function (slot) {
        return {id: slot.id, slot: slot.type, requested: slot.requested,
          skus: slot.cards.map(function (c) { return c.ad.sku; })};
      });
    }
  };
  window.endcap = api;

  safely(readConsent)();
  for (var i = 0; i < queued.length; i++) {
    api.cmd.push(queued[i]);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', safely(scan));
  } else {
    safely(scan)();
  }
})(window, document);
