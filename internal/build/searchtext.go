package build

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"keel/internal/markdown"
	"keel/internal/site"
	"keel/internal/source"
)

// The search text of a body is what only the search index reads of its
// Markdown result: the plain text of the lead, of each section and of the
// code blocks, internal blocks' included (Lead, LeadInternal, Sections,
// Code, InternalCode), most of a parsed page's memory. With the persistent
// cache it is a record of its own ("search/KEY", beside the HTML), never in
// a shard; a one-shot build (Options.Once) or check keeps none of it in
// memory after parse, and the index phase reads each page's back when it
// makes the page's terms and fragment (textOut).

func searchKey(key string) string { return "search/" + key }

// textVersion is the first byte of a search text record.
const textVersion = 1

// encodeText is r's search text as a record:
//
//	byte      textVersion
//	byte      1 when r.HasInternal (the edition views differ), else 0
//	string    Lead, then LeadInternal
//	uvarint   number of sections; each: ID, Title, Text, InternalText,
//	          then a byte of flags (1 Internal, 2 Cont)
//	uvarint   number of code blocks, then each; the same for InternalCode
//
// each string a uvarint length and its bytes.
func encodeText(r *markdown.Result) []byte {
	n := 16 + len(r.Lead) + len(r.LeadInternal)
	for _, s := range r.Sections {
		n += 16 + len(s.ID) + len(s.Title) + len(s.Text) + len(s.InternalText)
	}
	for _, c := range [][]string{r.Code, r.InternalCode} {
		for _, s := range c {
			n += 4 + len(s)
		}
	}
	b := make([]byte, 0, n)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, textVersion, flag(r.HasInternal, 1))
	str(r.Lead)
	str(r.LeadInternal)
	b = binary.AppendUvarint(b, uint64(len(r.Sections)))
	for _, s := range r.Sections {
		str(s.ID)
		str(s.Title)
		str(s.Text)
		str(s.InternalText)
		b = append(b, flag(s.Internal, 1)|flag(s.Cont, 2))
	}
	for _, c := range [][]string{r.Code, r.InternalCode} {
		b = binary.AppendUvarint(b, uint64(len(c)))
		for _, s := range c {
			str(s)
		}
	}
	return b
}

func flag(v bool, bit byte) byte {
	if v {
		return bit
	}
	return 0
}

var errTextRecord = errors.New("damaged search text record")

// decodeText sets r's search text from a record encodeText wrote; anything
// else is an error, and r is then left as it was.
func decodeText(data []byte, r *markdown.Result) error {
	d := textDecoder{b: data}
	if len(data) < 2 || data[0] != textVersion || data[1] > 1 {
		return errTextRecord
	}
	d.b = data[2:]
	var t markdown.Result
	t.Lead, t.LeadInternal = d.str(), d.str()
	if n := d.count(5); n > 0 {
		t.Sections = make([]markdown.Section, n)
		for i := range t.Sections {
			s := &t.Sections[i]
			s.ID, s.Title, s.Text, s.InternalText = d.str(), d.str(), d.str(), d.str()
			f := d.byte()
			s.Internal, s.Cont = f&1 != 0, f&2 != 0
			if f > 3 {
				d.bad = true
			}
		}
	}
	t.Code, t.InternalCode = d.strs(), d.strs()
	if d.bad || len(d.b) > 0 || (data[1] == 1) != r.HasInternal {
		return errTextRecord
	}
	setText(r, &t)
	return nil
}

// setText gives r the search text of t (see encodeText).
func setText(r, t *markdown.Result) {
	r.Lead, r.LeadInternal, r.Sections, r.Code, r.InternalCode = t.Lead, t.LeadInternal, t.Sections, t.Code, t.InternalCode
}

// textDecoder reads a record's fields; past any damage it reads zeros and
// says so in bad.
type textDecoder struct {
	b   []byte
	bad bool
}

func (d *textDecoder) uvarint() uint64 {
	n, w := binary.Uvarint(d.b)
	if w <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[w:]
	return n
}

// count reads a number of items each at least min bytes long: more than
// the rest of the record can hold is damage (and bounds what is allocated).
func (d *textDecoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/min) {
		d.bad, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *textDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.bad, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *textDecoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *textDecoder) byte() byte {
	if len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// dropText leaves r without its search text (see encodeText).
func dropText(r *markdown.Result) { setText(r, &markdown.Result{}) }

// textSum identifies a search text record: with the page's other fields, it
// names the page's terms (indexKey) without the text at hand.
func textSum(rec []byte) [32]byte { return sha256.Sum256(rec) }

// textOut reports whether parse keeps the search text out of memory: in a
// one-shot build or check with the persistent cache, which holds it.
// keel serve keeps it, as it builds the index again after every edit.
func (b *Builder) textOut() bool { return b.disk != nil && (b.opts.Once || b.opts.Check) }

// putText puts a body's search text record; c may be nil (no cache).
func (c *diskCache) putText(key string, rec []byte) {
	if c != nil {
		c.tx.Put(searchKey(key), rec)
	}
}

// readText sets r's search text from key's record, reporting false when
// there is none or it is damaged (r is then unchanged).
func (c *diskCache) readText(key string, r *markdown.Result) bool {
	if c == nil {
		return false
	}
	data, ok := c.tx.Get(searchKey(key))
	return ok && decodeText(data, r) == nil
}

// analyzeText is a body analyzed again for its search text, when the
// cache lost the record, and the record to put back.
func (b *Builder) analyzeText(d source.Doc, c parsed) (markdown.Result, []byte) {
	conv, _ := b.converterFor(d.Path)
	r, _ := conv.Analyze(d.Path, d.Body, d.BodyLine, modeOf(c.meta, site.IsIndexIn(d.Path, b.langs)))
	return r, encodeText(&r)
}
