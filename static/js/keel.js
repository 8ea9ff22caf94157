// keel default theme: theme toggle, mobile navigation, copy buttons,
// persistent manual checklists and the table-of-contents scrollspy.
// Plain JavaScript, no dependencies; every feature degrades to static HTML.
(function () {
  "use strict";
  var root = document.documentElement;
  var strings = {};
  try { strings = JSON.parse(document.getElementById("ui-strings").textContent); } catch (e) {}
  function t(key, fallback) { return strings[key] || fallback; }
  function store(fn) { try { return fn(window.localStorage); } catch (e) { return null; } }

  // Theme: follow the system until the reader picks one; remember the choice.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var current = root.getAttribute("data-theme") ||
        (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      store(function (s) { s.setItem("keel-theme", next); });
    });
  }

  // Mobile navigation drawer: the toggle opens it, Escape, a click outside it
  // or a wider window closes it; focus moves into it and back to the toggle.
  var navToggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (navToggle && sidebar) {
    var setNav = function (open, restoreFocus) {
      // the drawer starts below the header, wherever a draft banner has pushed it
      var header = document.querySelector(".site-header");
      if (open && header) document.body.style.setProperty("--drawer-top", Math.max(0, header.getBoundingClientRect().bottom) + "px");
      document.body.classList.toggle("nav-open", open);
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        // focus the drawer itself: Tab then walks its links, and a tap shows no ring
        sidebar.focus();
      } else if (restoreFocus) {
        navToggle.focus();
      }
    };
    var isOpen = function () { return document.body.classList.contains("nav-open"); };
    navToggle.addEventListener("click", function () { setNav(!isOpen(), false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && isOpen()) setNav(false, true);
    });
    document.addEventListener("click", function (e) {
      if (isOpen() && !sidebar.contains(e.target) && !navToggle.contains(e.target)) setNav(false, false);
    });
    var wide = window.matchMedia("(min-width: 861px)");
    var onWide = function () { if (wide.matches && isOpen()) setNav(false, false); };
    if (wide.addEventListener) wide.addEventListener("change", onWide);
  }

  // Copy buttons on every code block.
  document.querySelectorAll(".code").forEach(function (block) {
    var pre = block.querySelector("pre");
    if (!pre) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = t("copy", "Copy");
    button.addEventListener("click", function () {
      var text = codeText(pre);
      var done = function () {
        button.textContent = t("copied", "Copied");
        button.classList.add("copied");
        setTimeout(function () { button.textContent = t("copy", "Copy"); button.classList.remove("copied"); }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
      } else { fallbackCopy(text); done(); }
    });
    block.appendChild(button);
  });
  // The code itself: line numbers and +/- markers are generated content,
  // never part of the text.
  function codeText(pre) {
    return (pre.querySelector("code") || pre).textContent.replace(/\n$/, "");
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) {}
    document.body.removeChild(area);
  }

  // (Task-list checkboxes sit in a <label> with their item's text, which names them.)

  // Tables that scroll sideways (on phones) must be reachable by keyboard.
  var tables = Array.prototype.slice.call(document.querySelectorAll(".prose table"));
  var tabTables = function () {
    tables.forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  };
  if (tables.length) {
    tabTables();
    window.addEventListener("resize", tabTables);
  }

  // Manual checklists: a tick belongs to (manual, step, the item's normalised
  // text), never to a position, so inserting, removing or reordering items
  // keeps every tick on its own item, and an item whose text changed starts
  // unticked instead of inheriting another's tick.
  var manual = document.querySelector("[data-checklist]");
  if (manual) {
    var page = manual.getAttribute("data-checklist");
    var key = "keel-ticks:" + page;
    // Ticks stored by position (older keel) cannot be matched to items: dropped, never moved.
    store(function (s) { s.removeItem("keel-checklist:" + page); });
    var boxes = Array.prototype.slice.call(manual.querySelectorAll('.prose input[type="checkbox"]'));
    var bar = manual.querySelector(".checklist-bar");
    var norm = function (text) {
      text = text.replace(/\s+/g, " ").trim();
      return text.normalize ? text.normalize("NFC") : text;
    };
    var seen = {};
    var ids = boxes.map(function (box) {
      var step = box.closest(".step");
      var heading = step && step.querySelector("h2");
      var item = box.closest("label") || box.parentNode;
      var id = (heading ? heading.id : "") + "\n" + norm(item.textContent);
      seen[id] = (seen[id] || 0) + 1;
      return seen[id] > 1 ? id + "\n" + seen[id] : id; // the same text twice in one step
    });
    var saved = store(function (s) { return JSON.parse(s.getItem(key) || "null"); });
    if (!saved || typeof saved !== "object" || Array.isArray(saved)) saved = {};
    boxes.forEach(function (box, i) {
      box.disabled = false;
      box.removeAttribute("disabled");
      box.checked = saved[ids[i]] === true;
      box.addEventListener("change", save);
    });
    function save() {
      var state = {};
      boxes.forEach(function (b, i) { if (b.checked) state[ids[i]] = true; });
      store(function (s) { s.setItem(key, JSON.stringify(state)); });
      update();
    }
    function update() {
      if (!bar) return;
      var done = boxes.filter(function (b) { return b.checked; }).length;
      bar.querySelector(".checklist-text").textContent =
        t("checklist", "{done} of {total} checks done").replace("{done}", done).replace("{total}", boxes.length);
      bar.querySelector(".progress span").style.width = (boxes.length ? (100 * done / boxes.length) : 0) + "%";
      bar.classList.toggle("complete", boxes.length > 0 && done === boxes.length);
    }
    if (bar && boxes.length) {
      bar.hidden = false;
      bar.querySelector(".checklist-reset").addEventListener("click", function () {
        if (!window.confirm(t("resetConfirm", "Clear every tick on this page?"))) return;
        boxes.forEach(function (b) { b.checked = false; });
        store(function (s) { s.removeItem(key); });
        update();
      });
      update();
    }
  }

  // Scrollspy: the contents entry of the section being read is marked
  // (class "active", aria-current) in the right-hand contents and in the
  // "On this page" control, while scrolling, after a jump and on a deep link.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (tocLinks.length) {
    var idOf = function (a) { try { return decodeURIComponent(a.hash.slice(1)); } catch (e) { return a.hash.slice(1); } };
    var heads = [];
    tocLinks.forEach(function (a) {
      var h = document.getElementById(idOf(a));
      if (h && heads.indexOf(h) < 0) heads.push(h);
    });
    var current = document.querySelector(".toc-current");
    var mobile = document.querySelector(".toc-mobile");
    var activeId = null;
    var mark = function (id) {
      if (id === activeId) return;
      activeId = id;
      var label = "";
      tocLinks.forEach(function (a) {
        var on = idOf(a) === id;
        a.classList.toggle("active", on);
        if (on) { a.setAttribute("aria-current", "location"); label = a.textContent; } else a.removeAttribute("aria-current");
      });
      if (current) current.textContent = label;
    };
    // the section in view is the last heading above a line just below the
    // sticky bars; at the very bottom of the page, the last heading in view
    var reading = function () {
      var line = 0;
      document.querySelectorAll(".site-header, .toc-mobile, .checklist-bar:not([hidden])").forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.height && getComputedStyle(el).position === "sticky") line = Math.max(line, r.bottom);
      });
      line += Math.min(120, window.innerHeight * 0.15);
      var id = null;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top <= line) id = heads[i].id; else break;
      }
      var doc = document.scrollingElement || document.documentElement;
      if (window.scrollY > 0 && window.innerHeight + window.scrollY >= doc.scrollHeight - 2) {
        for (var j = heads.length - 1; j >= 0; j--) {
          if (heads[j].getBoundingClientRect().top < window.innerHeight) { id = heads[j].id; break; }
        }
      }
      return id;
    };
    // after a jump the target is the current section, even when the page
    // cannot scroll far enough to bring it to the top
    var pinned = 0;
    var jumped = function () {
      var id = "";
      try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = location.hash.slice(1); }
      if (!id || !document.getElementById(id)) return false;
      var target = document.getElementById(id);
      // a jump to a paragraph inside a section marks that section
      for (var i = heads.length - 1; i >= 0; i--) {
        if (heads[i] === target || (heads[i].compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING)) { mark(heads[i].id); pinned = Date.now() + 300; return true; }
      }
      return false;
    };
    var queued = false;
    var update = function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        if (Date.now() < pinned) return;
        mark(reading());
      });
    };
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -40% 0px", threshold: [0, 1] });
      heads.forEach(function (h) { observer.observe(h); });
    }
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    window.addEventListener("hashchange", function () { if (!jumped()) update(); });
    if (!jumped()) mark(reading());
    // choosing a section in the "On this page" control closes it
    if (mobile) {
      mobile.addEventListener("click", function (e) {
        var a = e.target.closest && e.target.closest("a[href^='#']");
        if (a) mobile.open = false;
      });
    }
  }
})();
