package pdf

import (
	"bytes"
	"errors"
	"net/url"
	"regexp"
	"strconv"
)

// destPages reads a PDF that Chromium wrote and returns, for each named
// destination (the element ids its "#id" links point to), the 1-based page
// it lands on. The table of contents is printed twice: the first print only
// tells where each heading fell, so the second can print its page number.
// Chromium (Skia) writes PDF 1.4: a classic cross-reference table and plain
// dictionaries, which is all this reads; anything else is an error and the
// contents go without page numbers.
func destPages(pdf []byte) (map[string]int, error) {
	r, err := newXref(pdf)
	if err != nil {
		return nil, err
	}
	root, ok := r.ref(r.trailer, "/Root")
	if !ok {
		return nil, errors.New("pdf: no /Root")
	}
	catalog := r.obj(root)
	pagesRef, ok1 := r.ref(catalog, "/Pages")
	destsRef, ok2 := r.ref(catalog, "/Dests")
	if !ok1 || !ok2 {
		return nil, errors.New("pdf: no /Pages or /Dests in the catalog")
	}
	pageNo := map[int]int{}
	r.walkPages(pagesRef, pageNo, map[int]bool{})
	out := map[string]int{}
	for _, m := range destRE.FindAllSubmatch(r.obj(destsRef), -1) {
		obj, _ := strconv.Atoi(string(m[2]))
		if n, ok := pageNo[obj]; ok {
			out[destName(m[1])] = n
		}
	}
	return out, nil
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefHeadRE  = regexp.MustCompile(`^xref\s+(\d+)\s+(\d+)\s+`)
	kidsRE      = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	refRE       = regexp.MustCompile(`(\d+)\s+0\s+R`)
	destRE      = regexp.MustCompile(`/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R`)
)

// xref is a PDF's object table: object number → byte offset.
type xref struct {
	data    []byte
	offsets map[int]int
	trailer []byte
}

func newXref(data []byte) (*xref, error) {
	m := startxrefRE.FindSubmatch(data)
	if m == nil {
		return nil, errors.New("pdf: no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at <= 0 || at >= len(data) {
		return nil, errors.New("pdf: startxref out of range")
	}
	head := xrefHeadRE.FindSubmatchIndex(data[at:])
	if head == nil {
		return nil, errors.New("pdf: no classic xref table (cross-reference streams are not read)")
	}
	first, _ := strconv.Atoi(string(data[at+head[2] : at+head[3]]))
	count, _ := strconv.Atoi(string(data[at+head[4] : at+head[5]]))
	r := &xref{data: data, offsets: map[int]int{}}
	pos := at + head[1]
	for i := 0; i < count; i++ {
		if pos+18 > len(data) {
			return nil, errors.New("pdf: truncated xref table")
		}
		entry := data[pos : pos+18] // "oooooooooo ggggg n", then a two-byte end of line
		if entry[17] == 'n' {
			off, err := strconv.Atoi(string(entry[:10]))
			if err == nil && off >= 0 && off < len(data) {
				r.offsets[first+i] = off
			}
		}
		pos += 20
	}
	if t := bytes.Index(data[min(pos, len(data)):], []byte("trailer")); t >= 0 {
		r.trailer = r.dictAt(min(pos, len(data)) + t)
	}
	return r, nil
}

// obj is the text of object n up to its end: the dictionaries read here
// hold no streams, and Skia starts every "endobj" on a line of its own.
func (r *xref) obj(n int) []byte {
	off, ok := r.offsets[n]
	if !ok {
		return nil
	}
	return r.dictAt(off)
}

func (r *xref) dictAt(off int) []byte {
	rest := r.data[off:]
	end := len(rest)
	for _, stop := range [][]byte{[]byte("\nendobj"), []byte("\nstartxref")} {
		if i := bytes.Index(rest, stop); i >= 0 && i < end {
			end = i
		}
	}
	return rest[:end]
}

// ref finds "/Key N 0 R" in a dictionary.
func (r *xref) ref(dict []byte, key string) (int, bool) {
	i := bytes.Index(dict, []byte(key))
	if i < 0 {
		return 0, false
	}
	m := refRE.FindSubmatch(dict[i+len(key):])
	if m == nil || !bytes.HasPrefix(bytes.TrimLeft(dict[i+len(key):], " \r\n\t"), m[0]) {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	return n, err == nil
}

// walkPages numbers the leaves of the page tree in order; seen guards
// against a malformed tree that refers to itself.
func (r *xref) walkPages(n int, pageNo map[int]int, seen map[int]bool) {
	if seen[n] {
		return
	}
	seen[n] = true
	body := r.obj(n)
	kids := kidsRE.FindSubmatch(body)
	if kids == nil {
		pageNo[n] = len(pageNo) + 1
		return
	}
	for _, k := range refRE.FindAllSubmatch(kids[1], -1) {
		child, _ := strconv.Atoi(string(k[1]))
		r.walkPages(child, pageNo, seen)
	}
}

// destName decodes a PDF name (#xx escapes) and then the percent-encoding
// the link's URL fragment had, giving back the element id.
func destName(name []byte) string {
	var b []byte
	for i := 0; i < len(name); i++ {
		if name[i] == '#' && i+2 < len(name) {
			if v, err := strconv.ParseUint(string(name[i+1:i+3]), 16, 8); err == nil {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, name[i])
	}
	if s, err := url.PathUnescape(string(b)); err == nil {
		return s
	}
	return string(b)
}
