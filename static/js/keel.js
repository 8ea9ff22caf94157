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

  // Mobile navigation drawer.
  var navToggle = document.querySelector(".nav-toggle");
  if (navToggle) {
    navToggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) {
        document.body.classList.remove("nav-open");
        navToggle.setAttribute("aria-expanded", "false");
        navToggle.focus();
      }
    });
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
      var text = pre.innerText.replace(/\n$/, "");
      var done = function () {
        button.textContent = t("copied", "Copied");
        setTimeout(function () { button.textContent = t("copy", "Copy"); }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
      } else { fallbackCopy(text); done(); }
    });
    block.appendChild(button);
  });
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
      var item = box.closest("li");
      if (item) box.setAttribute("aria-label", item.textContent.trim());
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
