package markdown

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// ids generates heading IDs by GitHub's rules (GitHubSlug of the rendered
// text; repeats get -1, -2 as github-slugger counts them).
type ids struct {
	seen     map[string]bool
	list     []string
	explicit []string
	// next is the first suffix worth trying per base: every suffix below it
	// is taken (ids are never freed), so repeats cost O(1), not O(n) each.
	next map[string]int
}

func newIDs() *ids { return &ids{seen: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := GitHubSlug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.seen[id] {
		i := max(s.next[base], 1)
		for s.seen[base+"-"+itoa(i)] {
			i++
		}
		id = base + "-" + itoa(i)
		s.next[base] = i + 1
	}
	s.Put([]byte(id))
	return []byte(id)
}

func (s *ids) Put(value []byte) {
	v := string(value)
	if !s.seen[v] {
		s.seen[v] = true
		s.list = append(s.list, v)
	}
}

var htmlIDRE = regexp.MustCompile(`\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)

// rawHTMLIDs finds the id (and anchor name) attributes raw HTML puts on the
// page when it is passed through, so links to them are not false alarms.
func rawHTMLIDs(doc ast.Node, src []byte) []string {
	var out []string
	scan := func(b []byte) {
		for _, m := range htmlIDRE.FindAllSubmatch(b, -1) {
			out = append(out, stdhtml.UnescapeString(string(bytes.Join(m[1:], nil))))
		}
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			scan(htmlBlockText(n, src))
		case *ast.RawHTML:
			scan(rawHTMLText(n, src))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func htmlBlockText(n *ast.HTMLBlock, src []byte) []byte {
	var b []byte
	ls := n.Lines()
	for i := range ls.Len() {
		seg := ls.At(i)
		b = append(b, seg.Value(src)...)
	}
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	return b
}

func rawHTMLText(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }
