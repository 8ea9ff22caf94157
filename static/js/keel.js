// keel default theme: theme toggle, mobile navigation, copy buttons,
// persistent manual checklists and the table-of-contents highlight.
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

  // Task-list checkboxes are named by their item's text, on every page.
  document.querySelectorAll('.prose li > input[type="checkbox"]').forEach(function (box) {
    if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", box.parentNode.textContent.trim());
  });

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

  // Manual checklists: ticks are kept per page in localStorage.
  var manual = document.querySelector("[data-checklist]");
  if (manual) {
    var key = "keel-checklist:" + manual.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(manual.querySelectorAll('.prose input[type="checkbox"]'));
    var bar = manual.querySelector(".checklist-bar");
    var saved = store(function (s) { return JSON.parse(s.getItem(key) || "null"); });
    boxes.forEach(function (box, i) {
      box.disabled = false;
      box.removeAttribute("disabled");
      if (saved && typeof saved[i] === "boolean") box.checked = saved[i];
      box.addEventListener("change", save);
    });
    function save() {
      var state = boxes.map(function (b) { return b.checked; });
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

  // Roadmap: open at the current quarter and shade the edges that hide columns.
  var wrap = document.querySelector(".roadmap-wrap");
  var scroller = wrap && wrap.querySelector(".roadmap-scroll");
  if (scroller) {
    var shade = function () {
      var max = scroller.scrollWidth - scroller.clientWidth;
      wrap.classList.toggle("more-left", scroller.scrollLeft > 2);
      wrap.classList.toggle("more-right", scroller.scrollLeft < max - 2);
    };
    // the template marks the current quarter's <col>; mark its header cell too
    var cols = Array.prototype.slice.call(scroller.querySelectorAll("col"));
    var heads = scroller.querySelectorAll("thead th");
    var nowAt = cols.findIndex(function (c) { return c.classList.contains("rm-now"); });
    var now = nowAt > 0 ? heads[nowAt] : null;
    var team = heads[0];
    if (now) {
      now.classList.add("rm-now");
      now.setAttribute("aria-current", "date");
    }
    if (now && team) {
      // keep the previous quarter in view too: overdue work sits there
      var prev = now.previousElementSibling !== team ? now.previousElementSibling : now;
      scroller.scrollLeft = Math.max(0, prev.offsetLeft - team.offsetWidth);
    }
    shade();
    scroller.addEventListener("scroll", shade, { passive: true });
    window.addEventListener("resize", shade);
  }

  // Highlight the table-of-contents entry of the section in view.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
      var first = null;
      tocLinks.forEach(function (a) {
        var id = decodeURIComponent(a.hash.slice(1));
        if (!first && visible[id]) first = a;
      });
      if (first) {
        tocLinks.forEach(function (a) { a.classList.toggle("active", a === first); });
      }
    }, { rootMargin: "-10% 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var h = document.getElementById(id);
      if (h) observer.observe(h);
    });
  }
})();
