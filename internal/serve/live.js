// keel serve: live reload and error overlay. Injected by `keel serve` only;
// `keel build` output never contains it.
(() => {
  const me = document.currentScript;
  if (!me || !window.EventSource) return;
  const base = me.dataset.base;
  const page = me.dataset.path; // the output file this page was served from
  const want = me.dataset.want; // the output file asked for (differs on a 404)
  let version = Number(me.dataset.version);

  // Keep the scroll position across reloads.
  const key = "keel-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    if (document.readyState === "complete") restore();
    else addEventListener("load", restore, { once: true });
  }
  const reload = () => {
    sessionStorage.setItem(key, JSON.stringify([scrollX, scrollY]));
    location.reload();
  };

  // Data files (search index, feeds, sitemap) do not change how a page looks.
  const affects = (d) =>
    d.all || d.paths.some((p) => p === page || p === want || !/\.(html|json|xml|txt)$/.test(p));

  const overlay = () => document.getElementById("keel-overlay");
  const hideOverlay = () => overlay()?.remove();
  // This page's own errors go first, marked: after only what makes the
  // site impossible (keel.yaml, a template), their likely cause.
  const markOwn = () => {
    const list = overlay()?.querySelector("ul");
    if (!list) return;
    const items = [...list.children];
    const root = items.filter((li) => li.classList.contains("keel-root")).pop();
    const own = items.filter((li) => li.dataset.page === page && !li.classList.contains("keel-root"));
    for (const li of own.reverse()) {
      li.classList.add("keel-here");
      if (root) root.after(li);
      else list.prepend(li);
    }
  };
  const showOverlay = (html) => {
    hideOverlay();
    document.body.insertAdjacentHTML("beforeend", html);
    markOwn();
  };
  markOwn();
  document.addEventListener("click", (e) => {
    // hidden, not removed: its style marks the broken links in the page
    if (e.target instanceof Element && e.target.closest("#keel-overlay .keel-close")) overlay().style.display = "none";
  });

  // Swap stylesheets without a reload: a renamed (fingerprinted) one gets its
  // new name, one changed in place a cache-busting query. The new link is
  // added before the old one goes, so the page never shows unstyled.
  const outputPath = (u) => {
    const p = decodeURIComponent(u.pathname);
    return p.startsWith(base) ? p.slice(base.length) : null;
  };
  const swapCSS = (d) => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const u = new URL(link.href, location.href);
      if (u.origin !== location.origin) continue;
      const p = outputPath(u);
      let next = null;
      if (p !== null && Object.hasOwn(d.swap, p)) next = base + d.swap[p];
      else if (p !== null && d.paths.includes(p)) {
        u.searchParams.set("keel", d.version);
        next = u.href;
      }
      if (next === null) continue;
      const fresh = link.cloneNode();
      fresh.href = next;
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  };

  const events = new EventSource(base + "__keel/events");
  const on = (name, handle) =>
    events.addEventListener(name, (e) => {
      const d = JSON.parse(e.data);
      handle(d);
      version = d.version;
    });
  // A page older than the server missed events (it was loading, or the
  // server restarted): reload it.
  on("hello", (d) => { if (d.version !== version) reload(); });
  on("reload", (d) => { if (affects(d)) reload(); });
  on("css", swapCSS);
  on("errors", (d) => showOverlay(d.overlay));
  on("ok", hideOverlay);
})();
