package search

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// cachedTerms is what a build gets back from its cache: each page's Terms
// encoded and decoded again.
func cachedTerms(t testing.TB, docs []Doc) []Terms {
	out := make([]Terms, len(docs))
	for i, d := range docs {
		b, err := Analyze(d).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := out[i].UnmarshalBinary(b); err != nil {
			t.Fatalf("decoding the terms of %s: %v", d.URL, err)
		}
	}
	return out
}

func termsOf(ts Terms) []string {
	var out []string
	for k := range ts.ct.n() {
		out = append(out, ts.ct.term(k))
	}
	return out
}

func sameFiles(t *testing.T, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("file %s differs from Build's %s", got[i].Path, want[i].Path)
		}
	}
}

func TestBuildFromMatchesBuild(t *testing.T) {
	pub, internal := fixtureDocs("/sub/")
	sets := []struct {
		name string
		docs []Doc
	}{
		{"fixture public", pub},
		{"fixture internal", append(slices.Clone(pub), internal)},
		{"generated", genDocs(300)},
		{"empty page", []Doc{{URL: "/empty/"}, {URL: "/a/", Title: "Alpha"}}},
		{"no pages", nil},
	}
	modes := []struct {
		name  string
		terms func(docs []Doc) []Terms
	}{
		{"all cached", func(docs []Doc) []Terms { return cachedTerms(t, docs) }},
		{"none cached", func([]Doc) []Terms { return nil }},
		{"zero terms", func(docs []Doc) []Terms { return make([]Terms, len(docs)) }},
		{"every other cached", func(docs []Doc) []Terms {
			ts := cachedTerms(t, docs)
			for i := 0; i < len(ts); i += 2 {
				ts[i] = Terms{}
			}
			return ts
		}},
		{"short slice", func(docs []Doc) []Terms { return cachedTerms(t, docs[:len(docs)/2]) }},
		{"analyzed, not encoded", func(docs []Doc) []Terms {
			ts := make([]Terms, len(docs))
			for i, d := range docs {
				ts[i] = Analyze(d)
			}
			return ts
		}},
	}
	for _, s := range sets {
		want := Build(s.docs)
		for _, m := range modes {
			t.Run(s.name+"/"+m.name, func(t *testing.T) {
				sameFiles(t, BuildFrom(s.docs, m.terms(s.docs)), want)
			})
		}
	}
}

// The index is built from the Terms given, not from the page: a page
// given another page's Terms is found by that page's words.
func TestBuildFromUsesGivenTerms(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "Alpha rollout"},
		{URL: "/b/", Title: "Bravo cutover"},
	}
	ix, err := Open(BuildFrom(docs, []Terms{Analyze(docs[1]), {}}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []int
	}{
		{"alpha", nil},
		{"cutover", []int{0, 1}},
	} {
		r, err := ix.Query(tt.q, Filters{})
		if err != nil {
			t.Fatal(err)
		}
		// As a set: the title rerank reads the fragments, which BuildFrom
		// takes from docs, not from the given Terms.
		if got := slices.Sorted(slices.Values(r.Docs)); !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q) found pages %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestTermsRoundTrip(t *testing.T) {
	pub, internal := fixtureDocs("/")
	for _, d := range append(append(pub, internal, Doc{}), genDocs(50)...) {
		a := Analyze(d)
		enc, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var b Terms
		if err := b.UnmarshalBinary(enc); err != nil {
			t.Fatalf("%s: %v", d.URL, err)
		}
		if !slices.Equal(termsOf(a), termsOf(b)) || !slices.Equal(countsOf(a), countsOf(b)) || a.ct.len != b.ct.len {
			t.Errorf("%s: decoded terms differ from Analyze's", d.URL)
		}
		if again, _ := b.MarshalBinary(); !bytes.Equal(again, enc) {
			t.Errorf("%s: re-encoding differs", d.URL)
		}
	}
}

func TestTermsUnmarshalRejects(t *testing.T) {
	valid, _ := Analyze(Doc{Title: "alpha alpine beta", Lead: "beta gamma"}).MarshalBinary()
	// rec builds an encoding by hand: version, count, then raw term records.
	rec := func(n int, parts ...[]byte) []byte {
		b := binary.AppendUvarint([]byte{termsVersion}, uint64(n))
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	term := func(shared int, suffix string, mask byte, counts ...uint64) []byte {
		b := binary.AppendUvarint(nil, uint64(shared))
		b = binary.AppendUvarint(b, uint64(len(suffix)))
		b = append(append(b, suffix...), mask)
		for _, c := range counts {
			b = binary.AppendUvarint(b, c)
		}
		return b
	}
	long := string(bytes.Repeat([]byte("x"), maxTermBytes+1))
	tests := []struct {
		name string
		in   []byte
	}{
		{"nil", nil},
		{"version only", []byte{termsVersion}},
		{"other version", append([]byte{termsVersion + 1}, valid[1:]...)},
		{"trailing byte", append(slices.Clone(valid), 0)},
		{"count larger than the input could hold", rec(1 << 40)},
		{"count overflows uvarint", append([]byte{termsVersion}, bytes.Repeat([]byte{0xff}, 11)...)},
		{"fewer terms than counted", rec(2, term(0, "ab", 1, 1))},
		{"empty first term", rec(1, term(0, "", 1, 1))},
		{"shared prefix longer than previous term", rec(2, term(0, "ab", 1, 1), term(3, "c", 1, 1))},
		{"duplicate term", rec(2, term(0, "ab", 1, 1), term(2, "", 1, 1))},
		{"out of order", rec(2, term(0, "b", 1, 1), term(0, "a", 1, 1))},
		{"shared prefix not maximal", rec(2, term(0, "ab", 1, 1), term(0, "ac", 1, 1))},
		{"term too long", rec(1, term(0, long, 1, 1))},
		{"suffix past the end", rec(1, binary.AppendUvarint([]byte{0}, 200))},
		{"no fields", rec(1, term(0, "ab", 0))},
		{"unknown field", rec(1, term(0, "ab", 1<<nFields, 1))},
		{"zero count", rec(1, term(0, "ab", 1, 0))},
		{"count above int32", rec(1, term(0, "ab", 1, 1<<31))},
		{"missing count", rec(1, term(0, "ab", 3, 1))},
		{"invalid UTF-8", rec(1, term(0, "a\xff", 1, 1))},
		// Each term alone is invalid, though the two together are not.
		{"term ends inside a rune", rec(2, term(0, "a\xc3", 1, 1), term(0, "\xa9", 1, 1))},
		{"padded uvarint", rec(1, []byte{0x80, 0x00, 1, 'a', 1, 1})},
	}
	for i := 1; i < len(valid); i++ {
		tests = append(tests, struct {
			name string
			in   []byte
		}{"truncated", valid[:i]})
	}
	for _, tt := range tests {
		var ts Terms
		if err := ts.UnmarshalBinary(tt.in); err == nil {
			t.Errorf("%s: UnmarshalBinary(%x) accepted", tt.name, tt.in)
		}
	}
	// The hand-built records are right when they are well formed.
	var ts Terms
	if err := ts.UnmarshalBinary(rec(2, term(0, "ab", 1, 1), term(1, "c", 3, 2, 1))); err != nil {
		t.Fatalf("well-formed hand-built terms rejected: %v", err)
	}
	if want := []string{"ab", "ac"}; !slices.Equal(termsOf(ts), want) || ts.ct.len != [nFields]int{3, 1} {
		t.Errorf("decoded %q %v, want %q lengths [3 1 0 0 0]", termsOf(ts), ts.ct.len, want)
	}
}

func TestDocKey(t *testing.T) {
	base := Doc{
		URL: "/a/", Title: "T", Summary: "S", Kind: "manual", Status: "done", Section: "Manuals",
		Tags: []string{"x", "y"}, Teams: []string{"z"}, Owner: "o", Lead: "L",
		Sections: []Section{{ID: "h", Title: "H", Text: "B"}}, Code: []string{"c"},
	}
	clone := func(d Doc) Doc {
		d.Tags, d.Teams, d.Code = slices.Clone(d.Tags), slices.Clone(d.Teams), slices.Clone(d.Code)
		d.Sections = slices.Clone(d.Sections)
		return d
	}
	changed := []struct {
		field string
		edit  func(*Doc)
	}{
		{"Title", func(d *Doc) { d.Title += "!" }},
		{"Summary", func(d *Doc) { d.Summary += "!" }},
		{"Kind", func(d *Doc) { d.Kind = "brief" }},
		{"Status", func(d *Doc) { d.Status = "draft" }},
		{"Owner", func(d *Doc) { d.Owner = "p" }},
		{"Tags element", func(d *Doc) { d.Tags[1] = "w" }},
		{"Tags added", func(d *Doc) { d.Tags = append(d.Tags, "w") }},
		{"Teams", func(d *Doc) { d.Teams[0] = "w" }},
		{"Lead", func(d *Doc) { d.Lead = "M" }},
		{"Section title", func(d *Doc) { d.Sections[0].Title = "I" }},
		{"Section text", func(d *Doc) { d.Sections[0].Text = "C" }},
		{"Section added", func(d *Doc) { d.Sections = append(d.Sections, Section{}) }},
		{"Code", func(d *Doc) { d.Code[0] = "d" }},
		{"Code added", func(d *Doc) { d.Code = append(d.Code, "") }},
	}
	key := DocKey(base)
	for _, tt := range changed {
		d := clone(base)
		tt.edit(&d)
		if DocKey(d) == key {
			t.Errorf("DocKey unchanged after editing %s", tt.field)
		}
	}
	// Fields Analyze does not read leave the key (and the cache) alone.
	unread := []struct {
		field string
		edit  func(*Doc)
	}{
		{"URL", func(d *Doc) { d.URL = "/b/" }},
		{"Section", func(d *Doc) { d.Section = "Other" }},
		{"section ID", func(d *Doc) { d.Sections[0].ID = "g" }},
	}
	for _, tt := range unread {
		d := clone(base)
		tt.edit(&d)
		if DocKey(d) != key {
			t.Errorf("DocKey changed after editing %s, which Analyze does not read", tt.field)
		}
	}
	ambiguous := []struct {
		name string
		a, b Doc
	}{
		{"tags split", Doc{Tags: []string{"ab"}}, Doc{Tags: []string{"a", "b"}}},
		{"tag or team", Doc{Tags: []string{"a"}}, Doc{Teams: []string{"a"}}},
		{"title or summary", Doc{Title: "ab"}, Doc{Title: "a", Summary: "b"}},
		{"kind or status", Doc{Kind: "a"}, Doc{Status: "a"}},
		{"heading or text", Doc{Sections: []Section{{Title: "a"}}}, Doc{Sections: []Section{{Text: "a"}}}},
		{"one section or two", Doc{Sections: []Section{{Title: "a", Text: "b"}}}, Doc{Sections: []Section{{Title: "a"}, {Title: "b"}}}},
		{"no code or empty code", Doc{}, Doc{Code: []string{""}}},
		{"lead or code", Doc{Lead: "a"}, Doc{Code: []string{"a"}}},
	}
	for _, tt := range ambiguous {
		if DocKey(tt.a) == DocKey(tt.b) {
			t.Errorf("%s: same DocKey for different docs", tt.name)
		}
	}
}

// FuzzTerms decodes arbitrary bytes: no panic, and what decodes
// re-encodes to the same bytes and decodes to the same Terms again.
func FuzzTerms(f *testing.F) {
	pub, _ := fixtureDocs("/")
	for _, d := range pub[:3] {
		b, _ := Analyze(d).MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte{termsVersion, 0})
	f.Add([]byte{termsVersion, 2, 0, 2, 'a', 'b', 1, 1, 1, 1, 'c', 3, 2, 1})
	f.Add([]byte{termsVersion, 1, 0, 200})
	f.Fuzz(func(t *testing.T, in []byte) {
		var ts Terms
		if ts.UnmarshalBinary(in) != nil {
			return
		}
		out, err := ts.MarshalBinary()
		if err != nil || !bytes.Equal(out, in) {
			t.Fatalf("decoded %x, re-encoded %x (%v)", in, out, err)
		}
		var again Terms
		if err := again.UnmarshalBinary(out); err != nil || !reflect.DeepEqual(again, ts) {
			t.Fatalf("second decode differs: %v", err)
		}
	})
}

// peakHeap samples the heap's objects while f runs; runtime/metrics does
// not stop the world, so sampling barely disturbs the build.
func peakHeap(f func()) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			mu.Lock()
			peak = max(peak, s[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak
}

// BenchmarkBuildFrom10k compares a full build with one whose pages' Terms
// come from a cache, held decoded or decoded during the build.
func BenchmarkBuildFrom10k(b *testing.B) {
	docs, _ := bigSite()
	cached := cachedTerms(b, docs)
	enc := make([][]byte, len(docs))
	size := 0
	for i, d := range docs {
		enc[i], _ = Analyze(d).MarshalBinary()
		size += len(enc[i])
	}
	runs := []struct {
		name string
		run  func()
	}{
		{"analyze all", func() { Build(docs) }},
		{"cached decoded", func() { BuildFrom(docs, cached) }},
		{"decode and build", func() {
			ts := make([]Terms, len(docs))
			for i, e := range enc {
				if err := ts[i].UnmarshalBinary(e); err != nil {
					panic(err)
				}
			}
			BuildFrom(docs, ts)
		}},
		{"one page changed", func() {
			ts := slices.Clone(cached)
			ts[len(ts)/2] = Terms{}
			BuildFrom(docs, ts)
		}},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			var peak, base uint64
			s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				metrics.Read(s)
				base = s[0].Value.Uint64() // the docs and cached Terms, live throughout
				b.StartTimer()
				peak = max(peak, peakHeap(r.run))
			}
			b.ReportMetric(float64(base)/(1<<20), "base-heap-MB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(peak-base)/(1<<20), "build-heap-MB") // what the build adds
			b.ReportMetric(float64(size)/(1<<20), "encoded-MB")
		})
	}
}

// BenchmarkDecodeTerms10k decodes every page's cached Terms, as a build
// with a warm cache does before BuildFrom.
func BenchmarkDecodeTerms10k(b *testing.B) {
	docs, _ := bigSite()
	enc := make([][]byte, len(docs))
	size := 0
	for i, d := range docs {
		enc[i], _ = Analyze(d).MarshalBinary()
		size += len(enc[i])
	}
	ts := make([]Terms, len(docs))
	b.ReportAllocs()
	b.SetBytes(int64(size))
	for b.Loop() {
		for i, e := range enc {
			if err := ts[i].UnmarshalBinary(e); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// The merge gives the same terms however the term ranges are split.
func TestMergeRangesIndependentOfBounds(t *testing.T) {
	docs := append(genDocs(200), Doc{URL: "/empty/"})
	pub, _ := fixtureDocs("/")
	docs = append(docs, pub...)
	per := make([]compactTerms, len(docs))
	for i, d := range docs {
		per[i] = Analyze(d).ct
	}
	whole := mergeRanges(per, nil)
	if !slices.IsSortedFunc(whole, func(a, b termInfo) int { return strings.Compare(a.term, b.term) }) {
		t.Fatal("terms not sorted")
	}
	tests := []struct {
		name   string
		bounds []string
	}{
		{"sampled", splitTerms(per, 8)},
		{"one per page sampled", splitTerms(per, 1000)},
		{"before every term", []string{"0"}},
		{"after every term", []string{"\U0010FFFF"}},
		{"exact terms", []string{whole[1].term, whole[len(whole)/2].term, whole[len(whole)-1].term}},
		{"between terms", []string{"m", "ma", "q", "数"}},
	}
	for _, tt := range tests {
		if got := mergeRanges(per, tt.bounds); !slices.Equal(got, whole) {
			t.Errorf("%s: bounds %q give other terms", tt.name, tt.bounds)
		}
	}
}

// appendJSONString writes what encoding/json writes.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "pg_dump", "数据库", `a"b`, `a\b`, "a\nb", "a\x7fb", "<&>", "a\u2028b", "a\u2029", "\xff", "é"} {
		if got, want := string(appendJSONString(nil, s)), string(marshal(s)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// clip collapsing only a prefix of a long text gives what collapsing all
// of it gives.
func TestClipLongText(t *testing.T) {
	whole := func(s string, n int) string { // clip as it was, collapsing everything
		if strings.ContainsAny(s, "\t\n\r\v\f") || strings.Contains(s, "  ") {
			s = strings.Join(strings.Fields(s), " ")
		}
		s = strings.TrimSpace(s)
		if len(s) <= n {
			return s
		}
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if sp := strings.LastIndexByte(s[:cut], ' '); sp > n*3/4 {
			cut = sp
		}
		return s[:cut] + "…"
	}
	words := []string{"word", "数据库", "é", "\xc3", "\xff", "x", "a\u00a0b"}
	spaces := []string{" ", "  ", "\n", "\t \n", "\u00a0", "\u3000", "\u2028"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		sparse := []int{10, 50, 90, 98}[r.IntN(4)] // percent of pieces that are spaces
		for range r.IntN(1500) {
			if r.IntN(100) < sparse {
				b.WriteString(spaces[r.IntN(len(spaces))])
			} else {
				b.WriteString(words[r.IntN(len(words))])
			}
		}
		s, n := b.String(), 1+r.IntN(120)
		if got, want := clip(s, n), whole(s, n); got != want {
			t.Fatalf("clip(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

// countsOf is every term's counts, in order.
func countsOf(t Terms) [][nFields]int32 {
	var out [][nFields]int32
	for k := range t.ct.n() {
		out = append(out, t.ct.counts(k))
	}
	return out
}

// TestPackedCounts: a term's counts come back as set, whether packed (one
// field, small count) or kept whole (several fields, or a count too big to pack).
func TestPackedCounts(t *testing.T) {
	tests := []struct {
		name string
		c    [nFields]int32
	}{
		{"title once", [nFields]int32{fTitle: 1}},
		{"body often", [nFields]int32{fBody: 12345}},
		{"largest packed", [nFields]int32{fMeta: 1<<fieldShift - 1}},
		{"too big to pack", [nFields]int32{fBody: 1 << fieldShift}},
		{"two fields", [nFields]int32{fHeading: 2, fBody: 3}},
		{"every field", [nFields]int32{1, 2, 3, 4, 5}},
	}
	ct := compactTerms{packed: make([]uint32, len(tests))}
	for k, tt := range tests {
		ct.setCounts(k, &tt.c)
	}
	for k, tt := range tests {
		if got := ct.counts(k); got != tt.c {
			t.Errorf("%s: counts %v, set %v", tt.name, got, tt.c)
		}
	}
}
