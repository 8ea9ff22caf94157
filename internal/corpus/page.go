package corpus

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode"
)

// pageFile renders one regular page: YAML front matter and a Markdown body.
func (s *site) pageFile(i int) []byte {
	p := &s.pages[i]
	r := s.rng(p.idx, 2)
	var b strings.Builder
	s.frontMatter(&b, r, p)
	s.body(&b, r, i)
	return []byte(b.String())
}

func (s *site) sectionFile(sec section) []byte {
	h := fnv.New32a()
	h.Write([]byte(sec.path))
	r := s.rng(int(h.Sum32()), 3)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nsummary: %s\naudience: public\nweight: %d\n---\n\n",
		q(sec.title), q("Pages about "+strings.ToLower(sec.title)+"."), sec.weight)
	b.WriteString(paragraph(r, 3, commonSentences, nil))
	b.WriteString("\n")
	return []byte(b.String())
}

func (s *site) frontMatter(b *strings.Builder, r *rand.Rand, p *page) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "title: %s\n", q(p.title))
	fmt.Fprintf(b, "summary: %s\n", q(sentence(r, pick(r, commonSentences))))
	year := 2023 + r.IntN(3) // in the past, so no tool skips a "future" page
	fmt.Fprintf(b, "date: %d-%02d-%02d\n", year, 1+r.IntN(12), 1+r.IntN(28))
	fmt.Fprintf(b, "owner: %s\n", pick(r, owners))
	fmt.Fprintf(b, "teams: [%s]\n", strings.Join(pickN(r, teams, 1+r.IntN(2)), ", "))
	fmt.Fprintf(b, "tags: [%s]\n", strings.Join(pickN(r, tags, 1+r.IntN(4)), ", "))
	aud := "internal"
	if p.public {
		aud = "public"
	}
	fmt.Fprintf(b, "audience: %s\n", aud)
	fmt.Fprintf(b, "weight: %d\n", 1+r.IntN(100))
	switch p.kind {
	case "blueprint":
		fmt.Fprintf(b, "status: %s\n", pick(r, []string{"draft", "proposed", "accepted", "in-progress", "done", "rejected"}))
		fmt.Fprintf(b, "horizon: %d-H%d\n", 2026+r.IntN(3), 1+r.IntN(2))
		b.WriteString("milestones:\n")
		for range 2 + r.IntN(4) {
			due := fmt.Sprintf("%d-Q%d", 2026+r.IntN(3), 1+r.IntN(4))
			if r.IntN(2) == 0 {
				due = fmt.Sprintf("%d-%02d-%02d", 2026+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28))
			}
			fmt.Fprintf(b, "  - title: %s\n    due: %s\n    status: %s\n",
				q(titleCase(pick(r, phases))+" for "+pick(r, services)), due,
				pick(r, []string{"planned", "in-progress", "done", "at-risk"}))
		}
	case "manual":
		fmt.Fprintf(b, "from: %s\nto: %s\n", q(p.from), q(p.to))
		fmt.Fprintf(b, "estimate: %s\n", q(fmt.Sprintf("%d %s", 1+r.IntN(6), pick(r, []string{"days", "weeks"}))))
		fmt.Fprintf(b, "risk: %s\n", pick(r, []string{"low", "medium", "high"}))
		b.WriteString("prerequisites:\n")
		for _, t := range pickN(r, taskTexts, 2+r.IntN(3)) {
			fmt.Fprintf(b, "  - %s\n", q(fill(r, t)))
		}
	case "brief":
		fmt.Fprintf(b, "headline: %s\n", q(sentence(r, pick(r, briefSentences))))
		b.WriteString("metrics:\n")
		for range 2 + r.IntN(3) {
			m := pick(r, metricNames)
			fmt.Fprintf(b, "  - value: %s\n    label: %s\n    note: %s\n    source: %s\n",
				q(fmt.Sprintf("-%d%%", 10+r.IntN(80))), q(m), q("measured over 30 days in "+pick(r, regions)),
				fmt.Sprintf("https://status.northwind.example/reports/%s-%d", strings.ReplaceAll(m, " ", "-"), r.IntN(1000)))
		}
	}
	b.WriteString("---\n\n")
}

// body writes the Markdown body: intro, the planned headings with prose, and the
// required blocks (code, table, task list, alert, Chinese paragraph, links)
// spread over the sections.
func (s *site) body(b *strings.Builder, r *rand.Rand, i int) {
	p := &s.pages[i]
	pool := commonSentences
	switch p.kind {
	case "blueprint":
		pool = append(append([]string(nil), commonSentences...), blueprintSentences...)
	case "manual":
		pool = append(append([]string(nil), commonSentences...), manualSentences...)
	case "brief":
		pool = append(append([]string(nil), commonSentences...), briefSentences...)
	}
	links := s.links(r, i)
	words, codeMin := 500+r.IntN(400), 2
	if s.prose {
		words, codeMin = 1200+r.IntN(800), 1
	}
	// Blocks to place after the prose of a heading; index = heading number.
	var blocks []string
	for _, lang := range pickN(r, []string{"sql", "go", "yaml", "bash", pick(r, codeLangs)}, codeMin+r.IntN(3)) {
		blocks = append(blocks, codeBlock(r, lang))
	}
	blocks = append(blocks, table(r), taskList(r), alert(r))
	if r.IntN(4) == 0 {
		blocks = append(blocks, "Glossary of the terms used here:\n\nCutover\n: The moment writes move to the new system.\n\nBackfill\n: Copying history that predates the dual writes.\n")
	}
	r.Shuffle(len(blocks), func(a, c int) { blocks[a], blocks[c] = blocks[c], blocks[a] })
	perHeading := make([][]string, len(p.headings))
	for k, bl := range blocks {
		perHeading[k%len(p.headings)] = append(perHeading[k%len(p.headings)], bl)
	}
	budget := words / (len(p.headings) + 1)
	written := 0
	para := func(n int) {
		var lk []string
		if len(links) > 0 && r.IntN(2) == 0 {
			lk, links = links[:1], links[1:]
		}
		t := paragraph(r, n, pool, lk)
		written += len(strings.Fields(t))
		b.WriteString(t)
		if s.prose && p.chinese && r.IntN(3) == 0 {
			// Chinese sentences inside the prose, as on a bilingual team's pages;
			// counted as words by their share of characters (about 2 per word).
			zh := chineseParagraph(r)
			written += len([]rune(zh)) / 2
			b.WriteString("\n")
			b.WriteString(zh)
		}
		b.WriteString("\n")
	}
	para(3 + r.IntN(3))
	for h, hd := range p.headings {
		fmt.Fprintf(b, "%s %s\n\n", strings.Repeat("#", hd.level), hd.text)
		if hd.level == 3 && containsHan(hd.text) {
			b.WriteString(chineseParagraph(r))
			b.WriteString("\n")
		}
		start := written
		// Stop a little short of the budget: the last paragraph overshoots it.
		for first := true; first || written-start+30 < budget; first = false {
			para(2 + r.IntN(4))
		}
		for _, bl := range perHeading[h] {
			b.WriteString(bl)
			b.WriteString("\n")
		}
	}
	// Links that did not land in a paragraph go in a closing list.
	if len(links) > 0 {
		b.WriteString("## Related pages\n\n")
		for _, l := range links {
			fmt.Fprintf(b, "- %s\n", l)
		}
		b.WriteString("\n")
	}
	if r.IntN(5) == 0 {
		b.WriteString("The numbers above come from the quarterly review[^review]; ~~older estimates~~ are superseded.\n\n")
		b.WriteString("[^review]: Reviewed with the owning team, see https://status.northwind.example/reviews for the raw data.\n")
	}
}

// links picks 3 to 6 distinct target pages (public pages only link to public
// pages) and returns them as Markdown links relative to page i, some with an
// anchor to a heading the target is known to have.
func (s *site) links(r *rand.Rand, i int) []string {
	p := &s.pages[i]
	candidates := len(s.pages)
	if p.public {
		candidates = len(s.public)
	}
	want := min(3+r.IntN(4), candidates-1)
	chosen := map[int]bool{i: true}
	var out []string
	for tries := 0; len(out) < want && tries < 50; tries++ {
		var t int
		if p.public {
			t = s.public[r.IntN(len(s.public))]
		} else if r.IntN(2) == 0 {
			t = max(0, min(len(s.pages)-1, i-20+r.IntN(41))) // a neighbour, often the same section
		} else {
			t = r.IntN(len(s.pages))
		}
		if chosen[t] {
			continue
		}
		chosen[t] = true
		tp := &s.pages[t]
		href := relLink(p.path, tp.path)
		if r.IntN(3) == 0 {
			href += "#" + slugs(tp.headings)[r.IntN(len(tp.headings))]
		}
		out = append(out, fmt.Sprintf("[%s](%s)", tp.title, href))
	}
	return out
}

// slugs returns GitHub-style heading IDs for the headings, in order: lower case,
// punctuation dropped, spaces to '-', and -1, -2... for repeats.
func slugs(hs []heading) []string {
	seen := map[string]int{}
	out := make([]string, len(hs))
	for i, h := range hs {
		s := Slug(h.text)
		if n, ok := seen[s]; ok {
			seen[s] = n + 1
			s = fmt.Sprintf("%s-%d", s, n+1)
		} else {
			seen[s] = 0
		}
		out[i] = s
	}
	return out
}

// Slug is GitHub's heading anchor rule for one heading text.
func Slug(text string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(text) {
		switch {
		case c == ' ':
			b.WriteByte('-')
		case c == '-' || c == '_' || unicode.IsLetter(c) || unicode.IsNumber(c) || unicode.Is(unicode.Mn, c):
			b.WriteRune(c)
		}
	}
	return b.String()
}

func paragraph(r *rand.Rand, n int, pool []string, links []string) string {
	var parts []string
	for _, t := range pickN(r, pool, n) {
		parts = append(parts, sentence(r, t))
	}
	for _, l := range links {
		k := r.IntN(len(parts) + 1)
		parts = append(parts[:k], append([]string{fmt.Sprintf(pick(r, linkSentences), l)}, parts[k:]...)...)
	}
	return strings.Join(parts, " ") + "\n"
}

func sentence(r *rand.Rand, tmpl string) string { return fill(r, tmpl) }

// fill replaces the {slots} of a template.
func fill(r *rand.Rand, tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}') + i
		b.WriteString(tmpl[:i])
		b.WriteString(slot(r, tmpl[i+1:j]))
		tmpl = tmpl[j+1:]
	}
}

func slot(r *rand.Rand, name string) string {
	switch name {
	case "svc", "svc2":
		return pick(r, services)
	case "db":
		return pick(r, databases)
	case "region":
		return pick(r, regions)
	case "team":
		return pick(r, teams)
	case "tool":
		return pick(r, tools)
	case "metric":
		return pick(r, metricNames)
	case "verb":
		return pick(r, verbs)
	case "noun":
		return pick(r, nouns)
	case "phase":
		return pick(r, phases)
	case "pct":
		return fmt.Sprint(5 + r.IntN(60))
	case "n":
		return fmt.Sprint(2 + r.IntN(90))
	case "quarter":
		return fmt.Sprintf("%d-Q%d", 2026+r.IntN(3), 1+r.IntN(4))
	}
	return name
}

func chineseParagraph(r *rand.Rand) string {
	return strings.Join(pickN(r, chineseSentences, 3+r.IntN(3)), "") + "\n"
}

func containsHan(s string) bool {
	for _, c := range s {
		if unicode.Is(unicode.Han, c) {
			return true
		}
	}
	return false
}

func table(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString("| Service | Region | Owner | Status | p99 (ms) |\n|---|---|---|:---:|---:|\n")
	for range 4 + r.IntN(5) {
		fmt.Fprintf(&b, "| `%s` | %s | @%s | %s | %d |\n", pick(r, services), pick(r, regions), pick(r, owners),
			pick(r, []string{"done", "in progress", "planned", "**blocked**"}), 20+r.IntN(400))
	}
	return b.String()
}

func taskList(r *rand.Rand) string {
	var b strings.Builder
	for _, t := range pickN(r, taskTexts, 3+r.IntN(4)) {
		mark := " "
		if r.IntN(2) == 0 {
			mark = "x"
		}
		fmt.Fprintf(&b, "- [%s] %s\n", mark, fill(r, t))
	}
	return b.String()
}

func alert(r *rand.Rand) string {
	return fmt.Sprintf("> [!%s]\n> %s\n", pick(r, alertKinds), pick(r, alertTexts))
}

// q quotes a YAML scalar (double-quoted style; our strings hold no control characters).
func q(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
