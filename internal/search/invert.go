package search

import (
	"keel/internal/par"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"unsafe"
)

// chunkPages is how many pages are tokenized before their terms go into
// the inversion: only a chunk's per-page terms are held at a time.
const chunkPages = 1024

// invert tokenizes every field of every page cached does not give and
// scores each posting with BM25F; it returns the terms sorted. each, when
// not nil, is told every page's terms in page order (fresh: tokenized here).
func invert(docs []Doc, cached func(i int) Terms, each func(i int, t Terms, fresh bool)) []termInfo {
	var v *inverter
	chunk := make([]compactTerms, min(len(docs), chunkPages))
	fresh := make([]bool, len(chunk))
	for start := 0; start < len(docs); start += len(chunk) {
		part := chunk[:min(len(chunk), len(docs)-start)]
		// Tokenizing is most of the work: spread pages over the cores. Each
		// page's term map is compacted at once.
		par.For(len(part), func(j int) {
			i := start + j
			part[j], fresh[j] = compactTerms{}, false
			if cached != nil {
				part[j] = cached(i).ct
			}
			if part[j].n() == 0 { // not analyzed (or an empty page: the same either way)
				part[j], fresh[j] = analyze(docs[i]), true
			}
		})
		if v == nil { // the ranges are sampled from the first chunk: the output does not depend on them
			v = newInverter(splitTerms(part, 4*runtime.GOMAXPROCS(0)))
		}
		v.add(part)
		if each != nil {
			for j := range part {
				each(start+j, Terms{part[j]}, fresh[j])
			}
		}
		clear(part)
	}
	if v == nil {
		v = newInverter(nil)
	}
	return v.finish()
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

// inverter inverts pages added in order, a chunk at a time, the terms split
// into ranges at bounds (increasing) that invert in parallel.
//
// Every page's terms are sorted, so a range is a slice of each page's list
// (found by binary search), ranges invert independently, and their sorted
// terms concatenated are the whole sorted list. Postings stay in page order
// within each range, so the output does not depend on the bounds.
//
// A posting's score needs every page's field lengths (their averages), so
// add keeps each posting's term and counts, and finish scores them.
type inverter struct {
	bounds []string
	parts  []invRange
	lens   [][nFields]int // each page's field lengths
}

// invRange is one range's terms and postings.
type invRange struct {
	index map[string]int32
	keys  []string
	df    []int32
	posts []uint64         // term index<<32 | counts packed as compactTerms.packed, into multi
	multi [][nFields]int32 // counts of terms in several fields
	ends  []int32          // end of each page's postings in posts
}

func newInverter(bounds []string) *inverter {
	return &inverter{bounds: bounds, parts: make([]invRange, len(bounds)+1)}
}

// add inverts the next pages.
func (v *inverter) add(per []compactTerms) {
	for i := range per {
		v.lens = append(v.lens, per[i].len)
	}
	par.For(len(v.parts), func(r int) {
		ir := &v.parts[r]
		if ir.index == nil {
			ir.index = map[string]int32{}
		}
		for i := range per {
			ct := &per[i]
			a, b := 0, ct.n()
			if r > 0 {
				a = sort.Search(ct.n(), func(k int) bool { return ct.term(k) >= v.bounds[r-1] })
			}
			if r < len(v.bounds) {
				b = a + sort.Search(ct.n()-a, func(k int) bool { return ct.term(a+k) >= v.bounds[r] })
			}
			for k := a; k < b; k++ {
				t := ct.term(k)
				j, ok := ir.index[t]
				if !ok {
					j = int32(len(ir.keys))
					ir.index[t] = j
					ir.keys = append(ir.keys, strings.Clone(t)) // not the page's string: it goes with its chunk
					ir.df = append(ir.df, 0)
				}
				ir.df[j]++
				p := ct.packed[k]
				if p&multiField != 0 {
					p = multiField | uint32(len(ir.multi))
					ir.multi = append(ir.multi, ct.multi[ct.packed[k]&^multiField])
				}
				ir.posts = append(ir.posts, uint64(j)<<32|uint64(p))
			}
			ir.ends = append(ir.ends, int32(len(ir.posts)))
		}
	})
}

// finish scores the postings and returns the terms sorted.
func (v *inverter) finish() []termInfo {
	var avg [nFields]float64
	for _, l := range v.lens {
		for f := range nFields {
			avg[f] += float64(l[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(v.lens), 1)), 1)
	}
	norms := make([][nFields]float64, len(v.lens))
	for i := range v.lens {
		norms[i] = lengthNorms(v.lens[i], &avg)
	}
	out := make([][]termInfo, len(v.parts))
	par.For(len(v.parts), func(r int) {
		out[r] = v.parts[r].finish(norms)
		v.parts[r] = invRange{}
	})
	return slices.Concat(out...)
}

// counts unpacks a posting's counts.
func (ir *invRange) counts(p uint32) [nFields]int32 {
	if p&multiField != 0 {
		return ir.multi[p&^multiField]
	}
	var c [nFields]int32
	c[p>>fieldShift] = int32(p & (1<<fieldShift - 1))
	return c
}

// finish scores the range's postings (one pass for their lengths, one to
// write them all into one buffer) and returns its terms sorted.
func (ir *invRange) finish(norms [][nFields]float64) []termInfo {
	qs := make([]uint8, len(ir.posts))
	lastDoc := make([]int32, len(ir.keys)) // page of the term's previous posting
	encLen := make([]int32, len(ir.keys))  // bytes of the term's postings string
	// Most postings count one field a few times, and their q depends only
	// on the page, the field and the count: memo keeps those per page (0
	// for not yet known).
	var memo [nFields][8]uint8
	start := 0
	for i, end := range ir.ends {
		memo = [nFields][8]uint8{}
		for e, p := range ir.posts[start:end] {
			j := int(p >> 32)
			c := ir.counts(uint32(p))
			var q int
			if f, n := oneField(&c); n > 0 && n < 8 {
				if memo[f][n] == 0 {
					memo[f][n] = uint8(quantise(&c, &norms[i]))
				}
				q = int(memo[f][n])
			} else {
				q = quantise(&c, &norms[i])
			}
			qs[start+e] = uint8(q)
			encLen[j] += int32(vlqLen(i-int(lastDoc[j])) + vlqLen(q))
			lastDoc[j] = int32(i)
		}
		start = int(end)
	}
	// Lay the postings strings out one after another and write them.
	off := make([]int32, len(ir.keys))
	total := int32(0)
	for j, l := range encLen {
		off[j] = total
		total += l
		lastDoc[j] = 0
	}
	buf := make([]byte, total)
	cur := slices.Clone(off)
	start = 0
	for i, end := range ir.ends {
		for e, p := range ir.posts[start:end] {
			j, q := p>>32, int(qs[start+e])
			c := cur[j]
			c = putVLQ(buf, c, i-int(lastDoc[j]))
			c = putVLQ(buf, c, q)
			cur[j], lastDoc[j] = c, int32(i)
		}
		start = int(end)
	}
	enc := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not written again: no copy of every posting

	order := make([]int32, len(ir.keys))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ir.keys[a], ir.keys[b]) })
	n := float64(len(norms))
	out := make([]termInfo, len(order))
	for r, j := range order {
		d := float64(ir.df[j])
		idf := math.Log(1 + (n-d+0.5)/(d+0.5))
		out[r] = termInfo{
			term: ir.keys[j], df: int(ir.df[j]), idf: max(int(math.Round(idf*idfUnit)), 1),
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
func lengthNorms(length [nFields]int, avg *[nFields]float64) [nFields]float64 {
	var norm [nFields]float64
	for f := range nFields {
		norm[f] = 1 - fieldB[f] + float64(fieldB[f]*float64(length[f]))/avg[f] // explicit conversions: no fused multiply-add, same bytes on every platform
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

// compactTerms is a page's terms sorted, with their counts per field. The
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
