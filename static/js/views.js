// keel default theme: the roadmap's scroll position, edge shades and team
// filter. Without JavaScript the roadmap shows every team from its first
// quarter and the filter stays hidden.
(function () {
  "use strict";
  // Open the timeline at the quarter before today (overdue work sits there)
  // and shade the edges that hide quarters.
  var wrap = document.querySelector(".rm-wrap");
  var scroller = wrap && wrap.querySelector(".rm-timeline");
  if (scroller) {
    var shade = function () {
      var max = scroller.scrollWidth - scroller.clientWidth;
      wrap.classList.toggle("more-left", scroller.scrollLeft > 2);
      wrap.classList.toggle("more-right", scroller.scrollLeft < max - 2);
    };
    var now = scroller.querySelector(".rm-qh.rm-now");
    var start = now && (now.previousElementSibling || now);
    var corner = scroller.querySelector(".rm-corner");
    if (start && corner && !location.hash) scroller.scrollLeft = Math.max(0, start.offsetLeft - corner.offsetWidth);
    shade();
    scroller.addEventListener("scroll", shade, { passive: true });
    window.addEventListener("resize", shade);
  }

  var filter = document.querySelector(".rm-filter");
  if (!filter) return;
  var buttons = Array.prototype.slice.call(filter.querySelectorAll("button[data-team]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll(".rm-row[data-teams], .rm-li[data-teams]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".rm-lane, .rm-quarter"));
  var empty = document.querySelector(".rm-empty");
  function apply(team) {
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-team") === team ? "true" : "false"); });
    var shown = 0;
    rows.forEach(function (r) {
      var on = !team || (" " + r.getAttribute("data-teams") + " ").indexOf(" " + team + " ") >= 0;
      r.hidden = !on;
      if (on) shown++;
    });
    // a lane or quarter with nothing left in it disappears too
    groups.forEach(function (g) { g.hidden = !g.querySelector("[data-teams]:not([hidden])"); });
    if (empty) empty.hidden = shown > 0;
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      var team = b.getAttribute("data-team");
      apply(team);
      try { history.replaceState(null, "", team ? "#team=" + encodeURIComponent(team) : location.pathname + location.search); } catch (e) {}
    });
  });
  filter.hidden = false;
  // #team=sre opens the roadmap filtered, so a filtered view can be shared
  var m = /^#team=(.+)$/.exec(location.hash);
  if (m) {
    var want = decodeURIComponent(m[1]);
    if (buttons.some(function (b) { return b.getAttribute("data-team") === want; })) apply(want);
  }
})();
