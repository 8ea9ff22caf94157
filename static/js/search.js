// keel search: queries the index that internal/search writes under
// {base}search/, in the browser, loading only the files a query needs.
//
// Query syntax: words are ANDed; the last word matches as a prefix while it
// is being typed (no space after it); `kind:manual` and `status:accepted`
// narrow the results (several values of one kind are ORed).
//
// The tokenizer and the ranking mirror internal/search (tokenize.go,
// query.go) line by line: change them together.
(function () {
  'use strict';

  // ---- tokenizer (tokenize.go) ----

  var MAX_WORD = 40;
  var STOP = new Set(('a an and are as at be by for from has have in into is it its of on or that the ' +
    'their this to was were which with').split(' '));
  var FOLD = new Map();
  ['aàáâãäåāăą', 'cçćĉċč', 'dďđð', 'eèéêëēĕėęě', 'gĝğġģ', 'hĥħ', 'iìíîïĩīĭįı',
    'jĵ', 'kķ', 'lĺļľŀł', 'nñńņňŉ', 'oòóôõöøōŏő', 'rŕŗř', 'sśŝşšſ', 'tţťŧ',
    'uùúûüũūŭůűų', 'wŵ', 'yýÿŷ', 'zźżž'].forEach(function (g) {
    Array.from(g).slice(1).forEach(function (c) { FOLD.set(c.codePointAt(0), g[0]); });
  });
  [['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['þ', 'th'], ['ĳ', 'ij']].forEach(function (p) {
    FOLD.set(p[0].codePointAt(0), p[1]);
  });
  var WORD = /^[\p{L}\p{N}\p{M}_]$/u;

  function isCJK(c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
      (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
  }

  function isAZ(s) { return /^[a-z]*$/.test(s); }
  function hasVowel(s) { return /[aeiouy]/.test(s); }
  function undouble(s) {
    var n = s.length;
    if (n >= 2 && s[n - 1] === s[n - 2] && 'aeiouylsz'.indexOf(s[n - 1]) < 0) return s.slice(0, -1);
    return s;
  }
  function ends(s, x) { return s.endsWith(x); }

  function stem(w) {
    if (w.length < 4 || !isAZ(w)) return w;
    if (ends(w, 'sses')) w = w.slice(0, -2);
    else if (ends(w, 'ies') && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (ends(w, 's') && !ends(w, 'ss') && !ends(w, 'us') && !ends(w, 'is')) w = w.slice(0, -1);
    if (ends(w, 'ing') && w.length >= 6 && hasVowel(w.slice(0, -3))) w = undouble(w.slice(0, -3));
    else if (ends(w, 'ied') && w.length > 4) w = w.slice(0, -3) + 'y';
    else if (ends(w, 'ed') && !ends(w, 'eed') && w.length >= 5 && hasVowel(w.slice(0, -2))) w = undouble(w.slice(0, -2));
    if (w.length >= 4 && ends(w, 'e') && !ends(w, 'ee')) w = w.slice(0, -1);
    return w;
  }

  function spanText(ps) { return ps.map(function (p) { return p.c; }).join(''); }

  function simpleToken(s, start, end, extra) {
    return {
      text: stem(s), raw: s, start: start, end: end, extra: extra, cjk: false,
      stop: STOP.has(s) || (s.length === 1 && s >= 'a' && s <= 'z')
    };
  }

  function emitWord(w, emit) {
    while (w.length && w[0].c === '_') w = w.slice(1);
    while (w.length && w[w.length - 1].c === '_') w = w.slice(0, -1);
    if (!w.length || w.length > MAX_WORD) return;
    var s = spanText(w);
    if (s.indexOf('_') < 0) {
      emit(simpleToken(s, w[0].start, w[w.length - 1].end, false));
      return;
    }
    emit({ text: s, raw: s, start: w[0].start, end: w[w.length - 1].end, extra: false, stop: false, cjk: false });
    for (var i = 0; i < w.length;) {
      if (w[i].c === '_') { i++; continue; }
      var j = i;
      while (j < w.length && w[j].c !== '_') j++;
      emit(simpleToken(spanText(w.slice(i, j)), w[i].start, w[j - 1].end, true));
      i = j;
    }
  }

  function emitCJK(run, emit) {
    if (run.length === 1) {
      emit({ text: run[0].c, raw: run[0].c, start: run[0].start, end: run[0].end, extra: false, stop: false, cjk: true });
      return;
    }
    for (var i = 0; i < run.length; i++) {
      if (i + 1 < run.length) {
        var b = run[i].c + run[i + 1].c;
        emit({ text: b, raw: b, start: run[i].start, end: run[i + 1].end, extra: false, stop: false, cjk: true });
      }
      emit({ text: run[i].c, raw: run[i].c, start: run[i].start, end: run[i].end, extra: true, stop: false, cjk: true });
    }
  }

  // scan calls emit for every token of text; offsets are UTF-16 indexes.
  function scan(text, emit) {
    var word = [], run = [];
    function flushWord() { if (word.length) { emitWord(word, emit); word = []; } }
    function flushRun() { if (run.length) { emitCJK(run, emit); run = []; } }
    for (var i = 0; i < text.length;) {
      var r = text.codePointAt(i);
      var end = i + (r > 0xFFFF ? 2 : 1);
      if (r >= 0xFF01 && r <= 0xFF5E) r -= 0xFEE0;
      var lower = String.fromCodePoint(r).toLowerCase();
      for (var ch of lower) {
        var lc = ch.codePointAt(0);
        var f = FOLD.get(lc);
        for (var c of (f || ch)) {
          var cp = c.codePointAt(0);
          if (cp >= 0x300 && cp <= 0x36F) continue;
          if (isCJK(cp)) { flushWord(); run.push({ c: c, start: i, end: end }); }
          else if (cp < 0xD800 || cp > 0xDFFF ? WORD.test(c) : false) { flushRun(); word.push({ c: c, start: i, end: end }); }
          else { flushWord(); flushRun(); }
        }
      }
      i = end;
    }
    flushWord();
    flushRun();
  }

  function tokenize(text) {
    var out = [];
    scan(text, function (t) { if (!t.stop) out.push(t.text); });
    return out;
  }

  // ---- index access (query.go) ----

  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var enc = new TextEncoder();

  function fnv1a(s) {
    var h = 0x811c9dc5;
    enc.encode(s).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h;
  }
  function hex(s) {
    return Array.from(enc.encode(s), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  function runePrefix(s, n) {
    var cs = Array.from(s);
    return cs.length < n ? null : cs.slice(0, n).join('');
  }
  function readVLQ(s) {
    var out = [], v = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      if (d < 0) throw new Error('bad postings');
      v |= (d & 31) << shift;
      if (d & 32) { shift += 5; continue; }
      out.push(v); v = 0; shift = 0;
    }
    return out;
  }
  function set(spaced) { return new Set((spaced || '').split(' ').filter(Boolean)); }

  function Index(base) {
    this.base = base;
    this.files = new Map();
    this.meta = null;
  }
  Index.prototype.get = function (path) {
    var self = this;
    if (!this.files.has(path)) {
      var url = this.base + 'search/' + path + (this.meta ? '?h=' + this.meta.h : '');
      var p = fetch(url, this.meta ? {} : { cache: 'no-cache' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
      p.catch(function () { self.files.delete(path); });
      this.files.set(path, p);
    }
    return this.files.get(path);
  };
  Index.prototype.open = function () {
    var self = this;
    if (!this.opened) {
      this.opened = this.get('meta.json').then(function (m) {
        if (m.v !== 1) throw new Error('unsupported search index');
        self.meta = m;
        self.roots = set(m.dr);
        return self;
      });
      this.opened.catch(function () { self.opened = null; self.files.delete('meta.json'); });
    }
    return this.opened;
  };
  Index.prototype.cats = function () {
    var self = this;
    return this.get('cats.json').then(function (cf) {
      var out = new Array(self.meta.n);
      for (var i = 0; i < self.meta.n; i++) {
        var v = 0;
        for (var k = 0; k < cf.cw; k++) v = v * 64 + DIGITS.indexOf(cf.doc[i * cf.cw + k]);
        out[i] = self.meta.cats[v];
      }
      return out;
    });
  };
  Index.prototype.completions = async function (prefix) {
    return (await this.completionsDF(prefix)).map(function (r) { return r[0]; });
  };
  // completionsDF resolves to completions as [term, pages] rows.
  Index.prototype.completionsDF = async function (prefix) {
    var root = runePrefix(prefix, 2);
    if (root === null || !this.roots.has(root)) return [];
    var f = await this.get('d/' + hex(root) + '.json');
    if (!f.a && prefix !== root) {
      var inner = set(f.i), leaves = set(f.l);
      inner.add(root);
      var key = root, n = 2;
      while (inner.has(key) && key !== prefix) { n++; key = runePrefix(prefix, n); }
      if (!inner.has(key) && !leaves.has(key)) return [];
      f = await this.get('d/' + hex(key) + '.json');
    }
    var out = [];
    (f.a || f.m).forEach(function (r) {
      if (r[0].startsWith(prefix) && out.length < this.meta.m) out.push(r);
    }, this);
    return out;
  };
  // postings resolves to {idf, map: page → q}, or null when the term is absent.
  Index.prototype.postings = async function (term) {
    var bucket = await this.get('t/' + (fnv1a(term) % this.meta.b).toString(16) + '.json');
    if (!Object.prototype.hasOwnProperty.call(bucket, term)) return null;
    var e = bucket[term], idf = e[0], s = e[1];
    if (typeof s === 'number') s = await this.get('p/' + s + '.json');
    var vals = readVLQ(s), out = new Map(), doc = 0;
    for (var i = 0; i < vals.length; i += 2) {
      doc += vals[i];
      out.set(doc, vals[i + 1]);
    }
    return { idf: idf, map: out };
  };

  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

  // parseFilter splits a kind:, status:, tag:, team: or owner: word (or
  // tags:, teams:) into [field, value], or returns null (query.go).
  function parseFilter(lf) {
    var i = lf.indexOf(':');
    if (i < 0 || i === lf.length - 1) return null;
    var field = lf.slice(0, i), value = lf.slice(i + 1);
    if (field === 'tags' || field === 'teams') field = field.slice(0, -1);
    if (['kind', 'status', 'tag', 'team', 'owner'].indexOf(field) < 0) return null;
    return [field, value];
  }

  // facetValue normalises a tag, team or owner as the index does (fuzzy.go).
  function facetValue(v) {
    return (v.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).join('-');
  }

  function parseQuery(q) {
    var p = { groups: [], kinds: [], statuses: [], facets: [], prefix: '' };
    var words = [], lastIsFilter = false;
    q.split(SPACE).filter(Boolean).forEach(function (f) {
      var pf = parseFilter(f.toLowerCase());
      lastIsFilter = true;
      if (!pf) { words.push(f); lastIsFilter = false; }
      else if (pf[0] === 'kind') p.kinds.push(pf[1]);
      else if (pf[0] === 'status') p.statuses.push(pf[1]);
      else p.facets.push([pf[0], facetValue(pf[1])]);
    });
    var text = words.join(' ');
    var typing = q.length > 0 && !lastIsFilter && !SPACE.test(q[q.length - 1]);
    var toks = [];
    scan(text, function (t) { if (!t.extra) toks.push(t); });
    var seen = new Set();
    toks.forEach(function (t, i) {
      var last = i === toks.length - 1;
      if (last && typing && t.end === text.length && !t.cjk && Array.from(t.raw).length >= 2) {
        p.prefix = t.raw;
        p.groups.push(t.stop ? { terms: [], factor: [], raw: '' } : { terms: [t.text], factor: [4], raw: t.raw });
        return;
      }
      if (t.stop || seen.has(t.text)) return;
      seen.add(t.text);
      p.groups.push({ terms: [t.text], factor: [4], raw: t.raw });
    });
    return p;
  }

  // ---- typo tolerance (fuzzy.go) ----

  var FUZZY_MIN = 4, FUZZY_LONG = 8, FUZZY_TOP = 3, FUZZY_BELOW = 2;

  function isLetter(c) { return /^\p{L}$/u.test(c); }
  function fuzzyTerm(t) {
    var cs = Array.from(t);
    return cs.length >= 3 && cs.every(function (c) { return isLetter(c) && !isCJK(c.codePointAt(0)); });
  }
  function fuzzyWord(raw) { return fuzzyTerm(raw) && Array.from(raw).length >= FUZZY_MIN; }
  function deletions(s, fn) {
    var cs = Array.from(s);
    fn(s);
    for (var i = 0; i < cs.length; i++) fn(cs.slice(0, i).concat(cs.slice(i + 1)).join(''));
  }
  // osa is the optimal string alignment distance, or max+1 above max.
  function osa(a, b, max) {
    var x = Array.from(a), y = Array.from(b);
    if (Math.abs(x.length - y.length) > max) return max + 1;
    var prev2 = new Array(y.length + 1).fill(0), prev = [], cur = new Array(y.length + 1).fill(0);
    for (var j = 0; j <= y.length; j++) prev.push(j);
    for (var i = 1; i <= x.length; i++) {
      cur[0] = i;
      for (j = 1; j <= y.length; j++) {
        var c = x[i - 1] === y[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
      }
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[y.length], max + 1);
  }
  function fuzzyKeys(raw) {
    var keys = [], near = new Set();
    function add(k) { if (Array.from(k).length >= 2 && keys.indexOf(k) < 0) keys.push(k); }
    deletions(stem(raw), add);
    deletions(raw, function (k) {
      if (k !== raw) { k = stem(k); near.add(k); add(k); }
    });
    return [keys, near];
  }
  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // corrections resolves to up to FUZZY_TOP {term, dist, df} near raw.
  Index.prototype.corrections = async function (raw) {
    if (!this.meta.zb || !fuzzyWord(raw)) return [];
    var s = stem(raw), limit = Array.from(raw).length >= FUZZY_LONG ? 2 : 1;
    var kn = fuzzyKeys(raw), near = kn[1], self = this, paths = [];
    kn[0].forEach(function (k) {
      var p = 'z/' + (fnv1a(k) % self.meta.zb).toString(16) + '.json';
      if (paths.indexOf(p) < 0) paths.push(p);
    });
    var buckets = await Promise.all(paths.map(function (p) {
      return self.get(p).catch(function () { return {}; }); // an empty bucket has no file
    }));
    var out = [], seen = new Set();
    function consider(t, df) {
      if (t === s || seen.has(t)) return;
      var d = Math.min(osa(s, t, limit), osa(raw, t, limit));
      if (near.has(t)) d = Math.min(d, 1);
      if (d <= limit) { seen.add(t); out.push({ term: t, dist: d, df: df }); }
    }
    if (limit === 2) { // completions of the word but its last two runes (fuzzy.go)
      (await this.completionsDF(Array.from(raw).slice(0, -2).join(''))).forEach(function (r) { consider(r[0], r[1]); });
    }
    buckets.forEach(function (b) {
      Object.keys(b).forEach(function (t) { consider(t, b[t]); });
    });
    out.sort(function (a, b) { return a.dist - b.dist || b.df - a.df || cmpStr(a.term, b.term); });
    return out.slice(0, FUZZY_TOP);
  };

  // surface is how term is written in a fragment (query.go).
  function surface(fr, term) {
    var found = '';
    function look(text) {
      if (!found) scan(text, function (t) { if (!found && t.text === term) found = t.raw; });
    }
    look(fr.t);
    fr.h.forEach(function (s) { look(s[1]); look(s[2]); });
    return found || term;
  }

  // suggest is q with its corrected words replaced, or '' (query.go).
  Index.prototype.suggest = async function (q, groups, docs) {
    var fix = new Map();
    for (var g of groups) {
      if (!g.fix) continue;
      var w = g.fix;
      for (var i = 0; i < docs.length; i++) { // the results' fragments, loaded to show them anyway
        var sf = surface(await this.get('f/' + docs[i] + '.json'), g.fix);
        if (sf !== g.fix) { w = sf; break; }
      }
      fix.set(g.raw, w);
    }
    if (!fix.size) return '';
    return q.split(SPACE).filter(Boolean).map(function (w) {
      if (parseFilter(w.toLowerCase())) return w;
      var toks = [];
      scan(w, function (t) { if (!t.extra) toks.push(t); });
      return toks.length === 1 && fix.has(toks[0].raw) ? fix.get(toks[0].raw) : w;
    }).join(' ');
  };

  // query ranks the pages matching q. It resolves to {total, docs (page
  // indexes, best first), scores, kinds, statuses (counts before filters,
  // when opts.facets), groups (for details)}.
  Index.prototype.query = async function (q, opts) {
    opts = opts || {};
    await this.open();
    var res = { total: 0, docs: [], scores: new Map(), kinds: {}, statuses: {}, groups: [], fuzzy: new Set() };
    var p = parseQuery(q);
    var kinds = (opts.kinds || []).concat(p.kinds), statuses = (opts.statuses || []).concat(p.statuses);
    if (!p.groups.length && !kinds.length && !statuses.length && !p.facets.length) return res;
    var self = this;
    if (p.prefix) {
      var g0 = p.groups[p.groups.length - 1];
      (await this.completions(p.prefix)).forEach(function (c) {
        if (g0.terms.indexOf(c) < 0) { g0.terms.push(c); g0.factor.push(3); }
      });
    }
    var lists = await Promise.all(p.groups.map(function (g) {
      return Promise.all(g.terms.map(function (t) { return self.postings(t); }));
    }));
    var total = null, fuzzy = new Set();
    if (!p.groups.length) {
      total = new Map();
      for (var d0 = 0; d0 < this.meta.n; d0++) total.set(d0, 0);
    }
    for (var gi = 0; gi < p.groups.length; gi++) {
      var g = p.groups[gi], best = new Map(), exact = new Set(), found = [], factors = [], idf = 0;
      var add = function (term, factor, post) {
        if (!post) return;
        found.push(term);
        factors.push(factor);
        if (idf === 0 || post.idf < idf) idf = post.idf;
        post.map.forEach(function (q, d) {
          var v = q * factor;
          if (!best.has(d) || best.get(d) < v) best.set(d, v);
          if (factor >= 3) exact.add(d);
        });
      };
      lists[gi].forEach(function (post, i) { add(g.terms[i], g.factor[i], post); });
      if (exact.size < FUZZY_BELOW && g.raw) {
        var fixes = await this.corrections(g.raw);
        var posts = await Promise.all(fixes.map(function (c) { return self.postings(c.term); }));
        fixes.forEach(function (c, i) { add(c.term, 3 - c.dist, posts[i]); });
        if (fixes.length && fixes[0].df > exact.size) g.fix = fixes[0].term;
      }
      g.terms = found;
      g.factor = factors;
      // A word weighs as much as its most common term (query.go).
      var next = new Map();
      best.forEach(function (s, d) {
        if (gi === 0) next.set(d, idf * s);
        else if (total.has(d)) next.set(d, total.get(d) + idf * s);
        if (!exact.has(d)) fuzzy.add(d);
      });
      total = next;
      if (!total.size) return res;
    }
    // Facet filters: per field, any of its values (query.go facetFilter).
    for (var field of ['tag', 'team', 'owner']) {
      var vals = p.facets.filter(function (f) { return f[0] === field; });
      if (!vals.length) continue;
      var keep = new Set();
      (await Promise.all(vals.map(function (f) { return self.postings(field + ':' + f[1]); }))).forEach(function (post) {
        if (post) post.map.forEach(function (q, d) { keep.add(d); });
      });
      total.forEach(function (s, d) { if (!keep.has(d)) total.delete(d); });
    }
    res.groups = p.groups;
    var cats = null;
    if (kinds.length || statuses.length || opts.facets) cats = await this.cats();
    total.forEach(function (s, d) {
      if (cats) {
        var c = cats[d];
        if (opts.facets && c[0]) res.kinds[c[0]] = (res.kinds[c[0]] || 0) + 1;
        if (opts.facets && c[1]) res.statuses[c[1]] = (res.statuses[c[1]] || 0) + 1;
        if ((kinds.length && kinds.indexOf(c[0]) < 0) || (statuses.length && statuses.indexOf(c[1]) < 0)) return;
      }
      res.docs.push(d);
    });
    res.docs.sort(function (a, b) {
      return (fuzzy.has(a) ? 1 : 0) - (fuzzy.has(b) ? 1 : 0) || total.get(b) - total.get(a) || a - b;
    });
    res.scores = total;
    res.fuzzy = fuzzy;
    res.total = res.docs.length;
    await this.rerank(res.docs, Math.min(RERANK, opts.limit || 10, res.docs.length), p.groups, fuzzy);
    if (p.groups.some(function (g) { return g.fix; })) res.suggest = await this.suggest(q, p.groups, res.docs.slice(0, opts.limit || 10));
    return res;
  };

  // rerank reorders the first n docs by how many query words their title
  // holds, then by whether in the query's order (query.go rerank).
  var RERANK = 8;
  Index.prototype.rerank = async function (docs, n, groups, fuzzy) {
    if (n < 2 || !groups.length) return;
    var self = this;
    var frs = await Promise.all(docs.slice(0, n).map(function (d) { return self.get('f/' + d + '.json'); }));
    var keys = new Map();
    docs.slice(0, n).forEach(function (d, i) { keys.set(d, [matched(frs[i].t, groups), inOrder(frs[i].t, groups), i]); });
    var top = docs.slice(0, n).sort(function (a, b) {
      var ka = keys.get(a), kb = keys.get(b);
      return (fuzzy.has(a) ? 1 : 0) - (fuzzy.has(b) ? 1 : 0) || kb[0] - ka[0] || kb[1] - ka[1] || ka[2] - kb[2];
    });
    docs.splice.apply(docs, [0, n].concat(top));
  };

  function inOrder(text, groups) {
    if (groups.length < 2) return 0;
    var first = groups.map(function () { return -1; }), k = 0;
    scan(text, function (t) {
      groups.forEach(function (g, i) { if (first[i] < 0 && g.terms.indexOf(t.text) >= 0) first[i] = k; });
      k++;
    });
    for (var i = 0; i < first.length; i++) if (first[i] < 0 || (i > 0 && first[i] <= first[i - 1])) return 0;
    return 1;
  }

  function matched(text, groups) {
    var hit = groups.map(function () { return false; });
    tokenize(text).forEach(function (t) {
      groups.forEach(function (g, i) { if (g.terms.indexOf(t) >= 0) hit[i] = true; });
    });
    return hit.filter(Boolean).length;
  }

  // pickSection mirrors query.go: the top of the page when the title holds
  // every word, else the section with the most words (headings count twice).
  function pickSection(fr, groups) {
    var best = -1, bestScore = 0;
    fr.h.forEach(function (s, i) {
      var sc = 2 * matched(s[1], groups) + matched(s[2], groups);
      if (sc > bestScore) { best = i; bestScore = sc; }
    });
    var sec = matched(fr.t, groups) === groups.length ? -1 : best;
    if (best >= 0 && matched(fr.h[best][2], groups) > 0) return [sec, fr.h[best][2]];
    var summary = fr.m || '';
    if (matched(summary, groups) > 0 || !fr.h.length) return [sec, summary];
    for (var i = 0; i < fr.h.length; i++) if (matched(fr.h[i][2], groups) > 0) return [sec, fr.h[i][2]];
    return [sec, summary || fr.h[0][2]];
  }

  // ROW_START ends a table row, a list item (the "; " of the plain text) or
  // a sentence: a snippet starts after it.
  var ROW_START = /[;.!?] +|[；。！？] */g;

  // snippet returns [text, marks] pieces: about 200 characters of text
  // around the densest run of matches.
  function snippet(text, groups) {
    var spans = [];
    scan(text, function (t) {
      if (t.stop) return;
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].terms.indexOf(t.text) >= 0) { spans.push([t.start, t.end, i]); return; }
      }
    });
    var width = 200, lead = 50, from = 0, bestN = 0;
    spans.forEach(function (s, i) {
      var seen = new Set();
      spans.slice(i).forEach(function (o) { if (o[0] < s[0] + width - lead) seen.add(o[2]); });
      if (seen.size > bestN) { bestN = seen.size; from = s[0]; }
    });
    // Cut into the text at the start of the row, list item or sentence that
    // holds the first match when it begins within the lead, else at a word.
    var at = from, cut = -1, m;
    from = Math.max(0, from - lead);
    for (ROW_START.lastIndex = 0; (m = ROW_START.exec(text.slice(from, at))); ) cut = m.index + m[0].length;
    var sp = text.slice(from, from + lead).indexOf(' ');
    if (from > 0 && cut >= 0) from += cut;
    else if (from > 0 && sp >= 0) from += sp + 1;
    var to = Math.min(text.length, from + width);
    var sp2 = text.slice(from, to).lastIndexOf(' ');
    if (to < text.length && sp2 > width / 2) to = from + sp2;
    var out = [], pos = from;
    if (from > 0) out.push(['… ', false]);
    for (var i = 0; i < spans.length; i++) {
      var s = spans[i].slice();
      while (i + 1 < spans.length && spans[i + 1][0] < s[1]) { i++; s[1] = Math.max(s[1], spans[i][1]); }
      if (s[0] < pos || s[1] > to) continue;
      out.push([text.slice(pos, s[0]), false], [text.slice(s[0], s[1]), true]);
      pos = s[1];
    }
    out.push([text.slice(pos, to), false]);
    if (to < text.length) out.push([' …', false]);
    return out;
  }

  // details loads a result's fragment: url (with #heading), title, kind,
  // status, section, heading title and snippet pieces.
  Index.prototype.details = async function (doc, groups) {
    var fr = await this.get('f/' + doc + '.json');
    var ps = pickSection(fr, groups), sec = ps[0];
    var h = { doc: doc, url: fr.u, title: fr.t, kind: fr.k || '', status: fr.s || '', section: fr.c || '', heading: '', headingTitle: '' };
    if (sec >= 0 && fr.h[sec][0]) {
      h.heading = fr.h[sec][0];
      h.headingTitle = fr.h[sec][1];
      h.headingMarks = snippet(h.headingTitle, groups);
      h.url += '#' + h.heading;
    }
    h.snippet = snippet(ps[1], groups);
    return h;
  };

  // ---- UI ----

  var DEFAULTS = {
    placeholder: 'Search',
    noResults: 'No results for “{q}”',
    results: '{n} results for “{q}”',
    result: '1 result for “{q}”',
    all: 'All results ({n})',
    more: 'Show more',
    error: 'Search is not available right now.',
    kind: 'Kind',
    status: 'Status',
    submit: 'Search',
    syntax: 'Filter with kind:manual, status:accepted, team:, owner: or tag:, alone or with words.',
    didYouMean: 'Did you mean {q}?',
    otherLanguage: 'Nothing matches “{q}” in this language; in {lang}:'
  };

  function fill(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  }

  // asOption makes an element one keyboard-selectable option of the dropdown.
  function asOption(node, id) {
    node.id = id;
    node.setAttribute('role', 'option');
    node.setAttribute('aria-selected', 'false');
    node.tabIndex = -1;
    return node;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function slug(s) { return String(s).toLowerCase().replace(/[^a-z0-9\u0080-\uffff]+/g, '-'); }

  // label is a kind or status as the page names it: strings "kind.manual",
  // "status.in-progress" when the theme gives them, the value otherwise.
  function label(strs, group, v) { return strs[group + '.' + v] || v; }

  function marked(e, pieces) {
    pieces.forEach(function (p) { e.appendChild(p[1] ? el('mark', null, p[0]) : document.createTextNode(p[0])); });
    return e;
  }

  // hitHref is a result's link: its URL with ?highlight= the matched terms,
  // which the target page marks (highlightPage), before the #heading.
  function hitHref(h, groups) {
    var terms = [];
    groups.forEach(function (g) { g.terms.forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); }); });
    var i = h.url.indexOf('#'), path = i < 0 ? h.url : h.url.slice(0, i), hash = i < 0 ? '' : h.url.slice(i);
    if (!terms.length) return h.url;
    return path + (path.indexOf('?') < 0 ? '?' : '&') + 'highlight=' + encodeURIComponent(terms.join(' ')) + hash;
  }

  // suggestion builds "Did you mean X?" with X a link to the corrected
  // query; pick(q) runs it in place.
  function suggestion(ix, q, strs, pick) {
    var e = el('p', 'search-suggest');
    var parts = strs.didYouMean.split('{q}');
    var a = el('a', 'search-suggest-link', q);
    a.href = ix.base + 'search/?q=' + encodeURIComponent(q);
    a.addEventListener('click', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
      ev.preventDefault();
      pick(q);
    });
    e.append(parts[0] || '', a, parts.slice(1).join('{q}'));
    return [e, a];
  }

  // renderHit builds one result's contents into container.
  function renderHit(h, container, strs) {
    var head = el('span', 'search-result-head');
    head.appendChild(el('span', 'search-result-title', h.title));
    if (h.kind) head.appendChild(el('span', 'badge kind-' + slug(h.kind), label(strs, 'kind', h.kind)));
    if (h.status) head.appendChild(el('span', 'badge status-' + slug(h.status), label(strs, 'status', h.status)));
    container.appendChild(head);
    if (h.section || h.headingTitle) {
      var where = el('span', 'search-result-section', h.section);
      if (h.headingTitle) {
        if (h.section) where.append(' › ');
        marked(where, h.headingMarks);
      }
      container.appendChild(where);
    }
    container.appendChild(marked(el('span', 'search-result-snippet'), h.snippet));
  }

  // fallback is the rule both the dropdown and the results page follow on a
  // multilingual site: when q finds nothing here (r.total is 0), the other
  // language's index is asked, with the same options; its result and its
  // first n hits' details, or null when it finds nothing either.
  async function fallback(ix, q, r, opts, n) {
    if (r.total || !ix.alt) return null;
    var ar = await ix.alt.query(q, opts);
    if (!ar.total) return null;
    var hits = await Promise.all(ar.docs.slice(0, n).map(function (d) { return ix.alt.details(d, ar.groups); }));
    return { r: ar, hits: hits };
  }

  // otherLabel is the heading of results that are another language's.
  function otherLabel(ix, strs, q) {
    return fill(strs.otherLanguage || DEFAULTS.otherLanguage, { q: q.trim(), lang: ix.alt.name });
  }

  // otherLink marks a result link as going to the other language's page.
  function otherLink(a, ix) {
    a.classList.add('search-result-other');
    a.hreflang = ix.alt.lang;
    a.lang = ix.alt.lang;
    return a;
  }

  function editable(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function setupDropdown(ix, input, box, strs) {
    var timer = 0, seq = 0, active = -1, options = [];
    var DROPDOWN = 8;

    function close() {
      box.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
    function open() {
      if (box.childNodes.length) {
        box.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }
    function setActive(i) {
      options.forEach(function (o, k) { o.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      active = i;
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function message(text, cls) {
      box.textContent = '';
      options = []; active = -1;
      box.appendChild(el('div', cls, text));
      open();
    }
    async function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) { box.textContent = ''; options = []; close(); return; }
      try {
        var r = await ix.query(q, { limit: DROPDOWN });
        var hits = await Promise.all(r.docs.slice(0, DROPDOWN).map(function (d) { return ix.details(d, r.groups); }));
        if (my !== seq) return;
        box.setAttribute('data-query', q);
        var sug = r.suggest ? suggestion(ix, r.suggest, strs, function (s) {
          input.value = s;
          input.focus();
          run();
        }) : null;
        var other = await fallback(ix, q, r, { limit: DROPDOWN }, DROPDOWN);
        if (my !== seq) return;
        if (other) {
          box.textContent = '';
          options = []; active = -1;
          box.appendChild(el('div', 'search-empty search-other-lang', otherLabel(ix, strs, q)));
          options = other.hits.map(function (h, i) {
            var a = otherLink(el('a', 'search-result'), ix);
            a.href = hitHref(h, other.r.groups);
            asOption(a, 'search-opt-' + i);
            renderHit(h, a, strs);
            box.appendChild(a);
            return a;
          });
          open();
          return;
        }
        if (!r.total) {
          message(fill(strs.noResults, { q: q.trim() }), 'search-empty');
          if (sug) box.appendChild(sug[0]);
          return;
        }
        box.textContent = '';
        options = [];
        if (sug) {
          box.appendChild(sug[0]);
          asOption(sug[1], 'search-opt-suggest');
          options.push(sug[1]);
        }
        options = options.concat(hits.map(function (h, i) {
          var a = el('a', 'search-result');
          a.href = hitHref(h, r.groups);
          asOption(a, 'search-opt-' + i);
          renderHit(h, a, strs);
          box.appendChild(a);
          return a;
        }));
        var all = el('a', 'search-result search-all', fill(strs.all, { n: r.total }));
        all.href = ix.base + 'search/?q=' + encodeURIComponent(q.trim());
        asOption(all, 'search-opt-all');
        box.appendChild(all);
        options.push(all);
        active = -1;
        open();
      } catch (e) {
        if (my === seq) message(strs.error, 'search-empty search-error');
      }
    }

    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-autocomplete', 'list');
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    }
    // While an input method composes (pinyin, kana), wait for the characters.
    input.addEventListener('input', function (e) { if (!e.isComposing) schedule(); });
    input.addEventListener('compositionend', schedule);
    input.addEventListener('focus', function () { open(); });
    box.addEventListener('mousemove', function (e) {
      var o = e.target.closest && e.target.closest('[role="option"]');
      var i = options.indexOf(o);
      if (i >= 0 && i !== active) {
        options.forEach(function (x, k) { x.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
        active = i;
        input.setAttribute('aria-activedescendant', o.id);
      }
    });
    input.addEventListener('keydown', function (e) {
      if (e.isComposing || e.keyCode === 229) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!options.length) return;
        e.preventDefault();
        open();
        var n = options.length;
        setActive(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === 'Enter') {
        if (active >= 0 && !box.hidden) {
          e.preventDefault();
          window.location.href = options[active].href;
        }
      } else if (e.key === 'Escape') {
        if (!box.hidden) { e.preventDefault(); close(); } else { input.blur(); }
      }
    });
    // Enter on an active option opens it, whichever event gets there first
    // (the keydown, or the form's implicit submission).
    if (input.form) {
      input.form.addEventListener('submit', function (e) {
        if (active >= 0 && !box.hidden) {
          e.preventDefault();
          window.location.href = options[active].href;
        }
      });
    }
    document.addEventListener('mousedown', function (e) {
      if (!box.contains(e.target) && e.target !== input) close();
    });
  }

  function setupPage(ix, page, strs) {
    var params = new URLSearchParams(window.location.search);
    var state = {
      q: params.get('q') || '',
      kinds: params.getAll('kind').filter(Boolean),
      statuses: params.getAll('status').filter(Boolean),
      shown: 20
    };
    var form = el('form', 'search-page-form');
    form.setAttribute('role', 'search');
    var qi = el('input', 'search-page-input');
    qi.type = 'search'; qi.name = 'q'; qi.value = state.q; qi.autocomplete = 'off';
    qi.setAttribute('aria-label', strs.placeholder);
    qi.placeholder = strs.placeholder;
    var btn = el('button', 'search-page-submit', strs.submit);
    btn.type = 'submit';
    form.append(qi, btn);
    var chips = el('div', 'search-chips');
    var summary = el('p', 'search-summary');
    summary.setAttribute('role', 'status');
    var suggest = el('div', 'search-suggest-box');
    var list = el('ol', 'search-page-results');
    var more = el('button', 'search-page-more', strs.more);
    more.type = 'button';
    more.hidden = true;
    var help = el('p', 'search-help', strs.syntax);
    page.textContent = '';
    page.append(form, chips, summary, suggest, list, more, help);

    var seq = 0;
    function sync() {
      var u = new URLSearchParams();
      if (state.q) u.set('q', state.q);
      state.kinds.forEach(function (k) { u.append('kind', k); });
      state.statuses.forEach(function (s) { u.append('status', s); });
      history.replaceState(null, '', window.location.pathname + (u.toString() ? '?' + u : ''));
    }
    function chipGroup(name, counts, selected) {
      var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
      selected.forEach(function (s) { if (keys.indexOf(s) < 0) keys.push(s); });
      if (!keys.length) return;
      var g = el('div', 'search-chip-group');
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', strs[name]);
      g.appendChild(el('span', 'search-chip-label', strs[name]));
      keys.forEach(function (k) {
        var b = el('button', 'chip ' + name + '-' + slug(k));
        b.type = 'button';
        b.dataset[name] = k;
        var on = selected.indexOf(k) >= 0;
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.append(label(strs, name, k) + ' ', el('span', 'chip-count', String(counts[k] || 0)));
        b.addEventListener('click', function () {
          var i = selected.indexOf(k);
          if (i >= 0) selected.splice(i, 1); else selected.push(k);
          state.shown = 20;
          sync();
          render();
        });
        g.appendChild(b);
      });
      chips.appendChild(g);
    }
    async function render() {
      var my = ++seq;
      var q = state.q.trim();
      if (!q) { summary.textContent = ''; suggest.textContent = ''; list.textContent = ''; chips.textContent = ''; more.hidden = true; return; }
      try {
        var r = await ix.query(state.q, { kinds: state.kinds, statuses: state.statuses, facets: true, limit: state.shown });
        var hits = await Promise.all(r.docs.slice(0, state.shown).map(function (d) { return ix.details(d, r.groups); }));
        if (my !== seq) return;
        var other = await fallback(ix, state.q, r, { kinds: state.kinds, statuses: state.statuses, facets: true, limit: state.shown }, state.shown);
        if (my !== seq) return;
        if (other) { r = other.r; hits = other.hits; }
        chips.textContent = '';
        chipGroup('kind', r.kinds, state.kinds);
        chipGroup('status', r.statuses, state.statuses);
        if (other) {
          summary.textContent = otherLabel(ix, strs, q);
          summary.className = 'search-summary search-other-lang';
        } else {
          summary.textContent = fill(r.total === 1 ? strs.result : r.total ? strs.results : strs.noResults, { n: r.total, q: q });
          summary.className = 'search-summary' + (r.total ? '' : ' search-empty');
        }
        suggest.textContent = '';
        if (r.suggest && !other) {
          suggest.appendChild(suggestion(ix, r.suggest, strs, function (s) {
            state.q = qi.value = s;
            state.shown = 20;
            sync();
            render();
          })[0]);
        }
        list.textContent = '';
        hits.forEach(function (h) {
          var li = el('li', 'search-page-result');
          var a = el('a', 'search-result');
          if (other) otherLink(a, ix);
          a.href = hitHref(h, r.groups);
          renderHit(h, a, strs);
          li.appendChild(a);
          list.appendChild(li);
        });
        more.hidden = r.total <= state.shown;
        page.setAttribute('data-query', state.q);
      } catch (e) {
        if (my === seq) { summary.textContent = strs.error; list.textContent = ''; }
      }
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.q = qi.value;
      state.shown = 20;
      sync();
      render();
    });
    more.addEventListener('click', function () { state.shown += 20; render(); });
    render();
  }

  // highlightPage marks, in the page's article, the words whose terms are
  // in ?highlight= (space-separated index terms, as hitHref writes them).
  function highlightPage() {
    var hl = new URLSearchParams(window.location.search).get('highlight');
    var root = document.querySelector('#main article.page:not(.search-page)');
    if (!hl || !root) return;
    var terms = new Set(hl.split(SPACE).filter(Boolean));
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        return p && !p.closest('script, style, textarea, mark, svg, button, .search-results, [hidden]') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (n) {
      var text = n.nodeValue, spans = [];
      scan(text, function (t) {
        if (t.stop || !terms.has(t.text)) return;
        var last = spans[spans.length - 1];
        if (last && t.start < last[1]) last[1] = Math.max(last[1], t.end); // overlapping CJK bigrams
        else spans.push([t.start, t.end]);
      });
      if (!spans.length) return;
      var frag = document.createDocumentFragment(), pos = 0;
      spans.forEach(function (sp) {
        frag.append(text.slice(pos, sp[0]));
        var m = el('mark', 'search-hit', text.slice(sp[0], sp[1]));
        if (!first) first = m;
        frag.appendChild(m);
        pos = sp[1];
      });
      frag.append(text.slice(pos));
      n.parentNode.replaceChild(frag, n);
    });
    if (first && !window.location.hash) first.scrollIntoView({ block: 'center' });
  }

  function init() {
    highlightPage();
    var root = document.documentElement;
    var base = root.getAttribute('data-base') || '/';
    if (!base.endsWith('/')) base += '/';
    var strs = Object.assign({}, DEFAULTS);
    var se = document.getElementById('search-strings');
    if (se) { try { Object.assign(strs, JSON.parse(se.textContent)); } catch (e) { /* keep the defaults */ } }
    var ix = new Index(base);
    var altBase = root.getAttribute('data-alt-base');
    if (altBase) { // a multilingual site: the other language's index, for queries that find nothing here
      ix.alt = new Index(altBase);
      ix.alt.name = root.getAttribute('data-alt-name') || '';
      ix.alt.lang = root.getAttribute('data-alt-lang') || '';
    }
    api.index = ix;
    var input = document.getElementById('search-input');
    var box = document.getElementById('search-results');
    if (input && box) {
      if (se) input.placeholder = strs.placeholder;
      setupDropdown(ix, input, box, strs);
      document.addEventListener('keydown', function (e) {
        var k = e.key;
        if ((k === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !editable(e.target)) ||
          ((e.ctrlKey || e.metaKey) && (k === 'k' || k === 'K'))) {
          if (e.target === input) return;
          e.preventDefault();
          input.focus();
          input.select();
        }
      });
    }
    var page = document.getElementById('search-page');
    if (page) setupPage(ix, page, strs);
  }

  // keelSearch is for tests and for themes that build their own UI.
  var api = window.keelSearch = {
    tokenize: tokenize,
    stem: stem,
    Index: Index,
    parseQuery: parseQuery,
    osa: osa
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
