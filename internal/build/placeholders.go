package build

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"keel/internal/diag"
	"keel/internal/par"
	"keel/internal/render"
	"keel/internal/site"
	"keel/internal/source"
)

// placeholders are the phrases of the theme's archetypes (templates/
// archetypes/*.md, as the site overrides them) that keel new leaves for the
// author to replace: the summary, headline, from, to and metric note and
// source values, and the prose lines of the body. Template actions, headings,
// list items, table rows and short lines are not placeholders: a real page may
// well keep them.
func placeholders(theme []render.ThemeFile) []string {
	var out []string
	for _, f := range theme {
		if !strings.HasPrefix(f.Path, "templates/archetypes/") || !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		fm, body, _, _, err := source.SplitFrontMatter(f.Data)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(fm), "\n") {
			if m := fmLineRE.FindStringSubmatch(line); m != nil {
				out = append(out, strings.Trim(strings.TrimSpace(m[1]), `"'`))
			}
			for _, m := range fmFlowRE.FindAllStringSubmatch(line, -1) {
				out = append(out, strings.Trim(strings.TrimSpace(m[1]), `"'`))
			}
		}
		fence := false
		for _, line := range strings.Split(string(body), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "```") {
				fence = !fence
				continue
			}
			if fence {
				if c, ok := strings.CutPrefix(line, "# "); ok {
					out = append(out, c) // a comment standing in for the commands
				}
				continue
			}
			if line == "" || strings.ContainsAny(line[:1], "#-*|>0123456789") {
				continue
			}
			out = append(out, line)
		}
	}
	out = slices.DeleteFunc(out, func(s string) bool {
		return strings.Contains(s, "{{") || len(strings.Fields(s)) < 3 && !strings.Contains(s, "://")
	})
	slices.Sort(out)
	return slices.Compact(out)
}

var (
	fmLineRE = regexp.MustCompile(`^(?:summary|headline|from|to):\s*(.+)$`)
	fmFlowRE = regexp.MustCompile(`[{,]\s*(?:note|source):\s*("[^"]*"|[^,}]+)`)
)

// placeholderWarnings reports every published page that is not a draft and
// still holds an archetype's placeholder text, at its first occurrence. The
// search of each file is remembered by its content (and the phrases), so a
// rebuild only searches the files that changed.
func (b *Builder) placeholderWarnings(s *site.Site, tree source.Tree) diag.List {
	var diags diag.List
	live := make(map[string]placeholderHit, len(b.ph))
	if len(b.phSet) == 0 {
		b.ph = live
		return diags
	}
	var pages []*site.Page
	for _, p := range s.Pages {
		if p.Path != "" && !p.Meta.Draft {
			pages = append(pages, p)
		}
	}
	hits := make([]placeholderHit, len(pages))
	par.For(len(pages), func(k int) {
		p := pages[k]
		sum := b.cache[p.Path].sum
		if hit, ok := b.ph[p.Path]; ok && hit.sum == sum {
			hits[k] = hit
			return
		}
		if i, ok := slices.BinarySearchFunc(tree.Docs, p.Path, func(d source.Doc, path string) int { return strings.Compare(d.Path, path) }); ok {
			hits[k] = findPlaceholder(tree.Docs[i].Data, b.phSet)
		}
		hits[k].sum = sum
	})
	for k, p := range pages {
		hit := hits[k]
		live[p.Path] = hit
		if hit.phrase == "" {
			continue
		}
		more := ""
		if hit.n > 1 {
			more = " (and other placeholder text)"
		}
		diags.Warnf(p.Path, hit.line, hit.col, "still holds the placeholder text %q from keel new%s; write the page's own, or set draft: true until it is ready", hit.phrase, more)
	}
	b.ph = live
	return diags
}

// usePhrases sets the placeholder phrases this build looks for (see
// placeholders), forgetting what was found for other phrases.
func (b *Builder) usePhrases(phrases []string) {
	key := strings.Join(phrases, "\x00")
	if key != b.phKey || b.ph == nil {
		b.phKey, b.ph = key, map[string]placeholderHit{}
	}
	b.phSet = make(map[string]bool, len(phrases))
	for _, ph := range phrases {
		b.phSet[ph] = true
	}
}

// placeholderHit is where a file first holds placeholder text (phrase ""
// when it holds none), and how many phrases it holds.
type placeholderHit struct {
	sum       [32]byte
	phrase    string
	line, col int
	n         int
}

// findPlaceholder looks for the phrases where keel new puts them: a whole
// line, a front-matter value, a value in a flow mapping ({note: …}) or a
// comment line in a code block. One map lookup per candidate keeps it to a
// single pass over the file, whatever the number of phrases.
func findPlaceholder(data []byte, phrases map[string]bool) placeholderHit {
	var h placeholderHit
	var seen []string // distinct phrases found, for n
	var buf [8][2]int
	line := 0
	for len(data) > 0 {
		var text []byte
		text, data, _ = bytes.Cut(data, []byte("\n"))
		line++
		for _, c := range candidates(text, buf[:0]) {
			if !phrases[string(text[c[0]:c[1]])] { // no allocation
				continue
			}
			ph := string(text[c[0]:c[1]])
			if slices.Contains(seen, ph) {
				continue
			}
			seen = append(seen, ph)
			h.n++
			if h.phrase == "" {
				h.phrase, h.line, h.col = ph, line, 1+utf8.RuneCount(text[:c[0]])
			}
		}
	}
	return h
}

// candidates are the byte ranges of a line that may be a whole phrase.
func candidates(line []byte, out [][2]int) [][2]int {
	trim := func(a, b int) [2]int {
		for a < b && (line[a] == ' ' || line[a] == '\t' || line[a] == '"' || line[a] == '\'') {
			a++
		}
		for b > a && (line[b-1] == ' ' || line[b-1] == '\t' || line[b-1] == '"' || line[b-1] == '\'' || line[b-1] == '\r') {
			b--
		}
		return [2]int{a, b}
	}
	out = append(out, trim(0, len(line)))
	if bytes.HasPrefix(bytes.TrimSpace(line), []byte("# ")) {
		out = append(out, trim(bytes.IndexByte(line, '#')+2, len(line)))
	}
	if i := bytes.Index(line, []byte(": ")); i > 0 {
		out = append(out, trim(i+2, len(line)))
	}
	if bytes.IndexByte(line, '{') >= 0 {
		// a flow mapping: the value after each "key: " up to , or }
		for i := 0; i < len(line); i++ {
			if line[i] != ':' || i+1 >= len(line) || line[i+1] != ' ' {
				continue
			}
			j := i + 2
			if j < len(line) && line[j] == '"' {
				if k := bytes.IndexByte(line[j+1:], '"'); k >= 0 {
					out = append(out, trim(j, j+k+2))
					continue
				}
			}
			k := j
			for k < len(line) && line[k] != ',' && line[k] != '}' {
				k++
			}
			out = append(out, trim(j, k))
		}
	}
	return out
}
