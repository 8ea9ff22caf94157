package search

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// invert tokenizes every field of every page not in cached and scores each
// posting with BM25F; it returns the terms sorted.
func invert(docs []Doc, cached []Terms) []termInfo {
	per := make([]compactTerms, len(docs))
	var todo []int // pages to tokenize here
	for i := range docs {
		if i < len(cached) && !cached[i].isZero() {
			per[i] = cached[i].ct
		} else {
			todo = append(todo, i)
		}
	}
	// Tokenizing is most of the work: spread pages over the cores. Each
	// page's term map is compacted at once: holding 10,000 maps was most of
	// a build's peak memory.
	parallel(len(todo), func(j int) { per[todo[j]] = compact(docFields(docs[todo[j]])) })
	return mergeRanges(per, splitTerms(per, 4*runtime.GOMAXPROCS(0)))
}

// mergeRanges inverts the pages' terms split into ranges at bounds
// (increasing), in parallel.
//
// Every page's terms are sorted, so a range is a slice of each page's list
// (found by binary search), ranges invert independently, and their sorted
// terms concatenated are the whole sorted list. Postings stay in page order
// within each range, so the output does not depend on the bounds.
func mergeRanges(per []compactTerms, bounds []string) []termInfo {
	avg, entries := fieldAverages(per)
	// Page i's terms in range r are terms[cut[r]:cut[r+1]], cut the page's
	// row of cuts.
	nr := len(bounds) + 1
	cuts := make([]int32, len(per)*(nr+1))
	norms := make([][nFields]float64, len(per))
	parallel(len(per), func(i int) {
		ct, cut := &per[i], cuts[i*(nr+1):(i+1)*(nr+1)]
		norms[i] = lengthNorms(ct, &avg)
		for r, b := range bounds {
			lo := int(cut[r])
			cut[r+1] = int32(lo + sort.Search(ct.n()-lo, func(k int) bool { return ct.term(lo+k) >= b }))
		}
		cut[nr] = int32(ct.n())
	})
	parts := make([][]termInfo, nr)
	parallel(nr, func(r int) {
		parts[r] = invertRange(per, norms, func(i int) (int, int) {
			return int(cuts[i*(nr+1)+r]), int(cuts[i*(nr+1)+r+1])
		}, entries/nr)
	})
	return slices.Concat(parts...)
}

// fieldAverages is each field's average length over the pages (at least
// 1), and the number of postings.
func fieldAverages(per []compactTerms) (avg [nFields]float64, entries int) {
	for _, dt := range per {
		entries += dt.n()
		for f := range nFields {
			avg[f] += float64(dt.len[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(per), 1)), 1)
	}
	return avg, entries
}

// splitTerms returns up to n-1 increasing terms splitting the pages' terms
// into ranges of about equal postings, from the terms of a sample of
// pages (each term as often as its sample pages have it).
func splitTerms(per []compactTerms, n int) []string {
	if n < 2 || len(per) == 0 {
		return nil
	}
	step := max(len(per)/64, 1)
	var sample []string
	for i := 0; i < len(per); i += step {
		for k := range per[i].n() {
			sample = append(sample, per[i].term(k))
		}
	}
	slices.Sort(sample)
	var out []string
	for r := 1; r < n; r++ {
		if len(sample) == 0 {
			break
		}
		t := sample[r*len(sample)/n]
		if len(out) == 0 || t > out[len(out)-1] {
			out = append(out, t)
		}
	}
	return out
}

// invertRange inverts page i's terms[span(i)] for every page: one map
// lookup per posting, and all postings strings written into one buffer.
func invertRange(per []compactTerms, norms [][nFields]float64, span func(i int) (int, int), sizeHint int) []termInfo {
	index := map[string]int32{}
	var (
		keys    []string
		df      []int32
		lastDoc []int32                       // page of the term's previous posting
		encLen  []int32                       // bytes of the term's postings string
		posts   = make([]uint32, 0, sizeHint) // term index<<5 | q, page after page
		ends    = make([]int32, len(per))     // end of each page's postings in posts
	)
	// Most postings count one field a few times, and their q depends only
	// on the page, the field and the count: memo keeps those per page (0
	// for not yet known).
	var memo [nFields][8]uint8
	for i, dt := range per {
		a, b := span(i)
		memo = [nFields][8]uint8{}
		for k := a; k < b; k++ {
			t := dt.term(k)
			j, ok := index[t]
			if !ok {
				j = int32(len(keys))
				index[t] = j
				keys = append(keys, t)
				df = append(df, 0)
				lastDoc = append(lastDoc, 0)
				encLen = append(encLen, 0)
			}
			c := dt.counts(k)
			var q int
			if f, n := oneField(&c); n > 0 && n < 8 {
				if memo[f][n] == 0 {
					memo[f][n] = uint8(quantise(&c, &norms[i]))
				}
				q = int(memo[f][n])
			} else {
				q = quantise(&c, &norms[i])
			}
			df[j]++
			encLen[j] += int32(vlqLen(i-int(lastDoc[j])) + vlqLen(q))
			lastDoc[j] = int32(i)
			posts = append(posts, uint32(j)<<5|uint32(q))
		}
		ends[i] = int32(len(posts))
	}
	// Lay the postings strings out one after another and write them.
	off := make([]int32, len(keys))
	total := int32(0)
	for j, l := range encLen {
		off[j] = total
		total += l
		lastDoc[j] = 0
	}
	buf := make([]byte, total)
	cur := slices.Clone(off)
	start := 0
	for i, end := range ends {
		for _, e := range posts[start:end] {
			j, q := e>>5, int(e&31)
			c := cur[j]
			c = putVLQ(buf, c, i-int(lastDoc[j]))
			c = putVLQ(buf, c, q)
			cur[j], lastDoc[j] = c, int32(i)
		}
		start = int(end)
	}
	enc := string(buf)

	order := make([]int32, len(keys))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(keys[a], keys[b]) })
	n := float64(len(per))
	out := make([]termInfo, len(order))
	for r, j := range order {
		d := float64(df[j])
		idf := math.Log(1 + (n-d+0.5)/(d+0.5))
		out[r] = termInfo{
			term: keys[j], df: int(df[j]), idf: max(int(math.Round(idf*idfUnit)), 1),
			enc: enc[off[j] : off[j]+encLen[j]],
		}
	}
	return out
}

// oneField is the field and count of a term counted in one field only, or
// count 0.
func oneField(c *[nFields]int32) (f int, n int32) {
	for g, v := range c {
		if v > 0 {
			if n > 0 {
				return 0, 0
			}
			f, n = g, v
		}
	}
	return f, n
}

// lengthNorms is BM25F's length normalisation of each of a page's fields.
func lengthNorms(dt *compactTerms, avg *[nFields]float64) [nFields]float64 {
	var norm [nFields]float64
	for f := range nFields {
		norm[f] = 1 - fieldB[f] + float64(fieldB[f]*float64(dt.len[f]))/avg[f] // explicit conversions: no fused multiply-add, same bytes on every platform
	}
	return norm
}

// quantise is the BM25F term-frequency part of a term with counts c in a
// page with length norms norm, quantised to 1..maxQ.
func quantise(c *[nFields]int32, norm *[nFields]float64) int {
	tf := 0.0
	for f := range nFields {
		if c[f] > 0 {
			tf += float64(fieldWeight[f] * float64(c[f]) / norm[f])
		}
	}
	sat := float64(tf*(k1+1)) / float64(tf+k1)
	return min(max(int(math.Round(sat/(k1+1)*maxQ)), 1), maxQ)
}

// parallel calls fn(0) … fn(n-1) spread over the cores.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// docTerms counts a page's terms per field.
type docTerms struct {
	tf  map[string]*[nFields]int
	len [nFields]int
}

// compactTerms is docTerms with the terms sorted and the map gone. The
// terms are one string and their end offsets: no pointer per term for the
// garbage collector to scan, and no allocation per term.
//
// A term's counts are packed in one uint32 when it occurs in one field only,
// as most do: the counts of 10,000 pages were a third of a build's peak
// memory as one [nFields]int32 per term.
type compactTerms struct {
	text   string   // the terms one after another
	ends   []uint32 // term k is text[ends[k-1]:ends[k]], from 0 for k = 0
	packed []uint32 // term k's counts: field<<fieldShift | count, or multiField | index in multi
	multi  [][nFields]int32
	len    [nFields]int
}

const (
	fieldShift = 28
	multiField = 1 << 31
)

// n is the number of terms.
func (ct *compactTerms) n() int { return len(ct.ends) }

// counts is how often term k occurs in each field.
func (ct *compactTerms) counts(k int) [nFields]int32 {
	v := ct.packed[k]
	if v&multiField != 0 {
		return ct.multi[v&^multiField]
	}
	var c [nFields]int32
	c[v>>fieldShift] = int32(v & (1<<fieldShift - 1))
	return c
}

// setCounts records term k's counts (at least one non-zero).
func (ct *compactTerms) setCounts(k int, c *[nFields]int32) {
	if f, n := oneField(c); n > 0 && n < 1<<fieldShift {
		ct.packed[k] = uint32(f)<<fieldShift | uint32(n)
		return
	}
	ct.packed[k] = multiField | uint32(len(ct.multi))
	ct.multi = append(ct.multi, *c)
}

// term is the k-th term.
func (ct *compactTerms) term(k int) string {
	start := uint32(0)
	if k > 0 {
		start = ct.ends[k-1]
	}
	return ct.text[start:ct.ends[k]]
}

// compact sorts a page's terms.
func compact(dt docTerms) compactTerms {
	terms := make([]string, 0, len(dt.tf))
	size := 0
	for t := range dt.tf {
		terms = append(terms, t)
		size += len(t)
	}
	slices.Sort(terms)
	ct := compactTerms{ends: make([]uint32, len(terms)), packed: make([]uint32, len(terms)), len: dt.len}
	var b strings.Builder
	b.Grow(size)
	for k, t := range terms {
		b.WriteString(t)
		ct.ends[k] = uint32(b.Len())
		var c [nFields]int32
		for f, n := range dt.tf[t] {
			c[f] = int32(n)
		}
		ct.setCounts(k, &c)
	}
	ct.text = b.String()
	return ct
}

func docFields(d Doc) docTerms {
	dt := docTerms{tf: map[string]*[nFields]int{}}
	index := func(f int, text string) {
		scan(text, func(t token) {
			if t.stop {
				return
			}
			c := dt.tf[t.text]
			if c == nil {
				c = new([nFields]int)
				dt.tf[t.text] = c
			}
			c[f]++
			dt.len[f]++
		})
	}
	index(fTitle, d.Title)
	index(fSummary, d.Summary)
	for _, s := range append(append([]string{d.Kind, d.Status, d.Owner}, d.Tags...), d.Teams...) {
		index(fMeta, s)
	}
	index(fBody, d.Lead)
	for _, s := range d.Sections {
		index(fHeading, s.Title)
		index(fBody, s.Text)
	}
	for _, c := range d.Code {
		index(fBody, c)
	}
	facet := func(field, v string) {
		if v = facetValue(v); v != "" && len(field)+1+len(v) <= maxTermBytes {
			t := field + ":" + v
			if dt.tf[t] == nil {
				dt.tf[t] = new([nFields]int)
			}
			dt.tf[t][fMeta]++
			dt.len[fMeta]++
		}
	}
	for _, v := range d.Tags {
		facet("tag", v)
	}
	for _, v := range d.Teams {
		facet("team", v)
	}
	facet("owner", d.Owner)
	return dt
}
