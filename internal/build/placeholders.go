package build

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"keel/internal/diag"
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
func (b *Builder) placeholderWarnings(s *site.Site, tree source.Tree, phrases []string) diag.List {
	var diags diag.List
	key := strings.Join(phrases, "\x00")
	if key != b.phKey {
		b.phKey, b.ph = key, map[string]placeholderHit{}
	}
	live := make(map[string]placeholderHit, len(b.ph))
	for _, p := range s.Pages {
		if p.Path == "" || p.Meta.Draft || len(phrases) == 0 {
			continue
		}
		i, ok := slices.BinarySearchFunc(tree.Docs, p.Path, func(d source.Doc, path string) int { return strings.Compare(d.Path, path) })
		if !ok {
			continue
		}
		sum := b.cache[p.Path].sum
		hit, ok := b.ph[p.Path]
		if !ok || hit.sum != sum {
			hit = findPlaceholder(tree.Docs[i].Data, phrases)
			hit.sum = sum
		}
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

// placeholderHit is where a file first holds placeholder text (phrase ""
// when it holds none), and how many phrases it holds.
type placeholderHit struct {
	sum       [32]byte
	phrase    string
	line, col int
	n         int
}

func findPlaceholder(data []byte, phrases []string) placeholderHit {
	var h placeholderHit
	at := -1
	for _, ph := range phrases {
		if j := bytes.Index(data, []byte(ph)); j >= 0 {
			h.n++
			if at < 0 || j < at {
				at, h.phrase = j, ph
			}
		}
	}
	if at >= 0 {
		h.line = 1 + bytes.Count(data[:at], []byte("\n"))
		h.col = 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:at], '\n')+1:at])
	}
	return h
}
