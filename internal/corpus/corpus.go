package corpus

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// group is one part of the tree that holds pages of one kind, split into leaf
// folders of at most leafSize pages so that section sidebars stay realistic.
type group struct {
	dir   string   // content-relative folder, e.g. "platform/teams"
	kind  string   // blueprint, manual, brief or page
	share int      // percent of all pages
	names []string // leaf folder names
}

var groups = []group{
	{"blueprints", "blueprint", 25, areas},
	{"manuals", "manual", 30, areas},
	{"briefs", "brief", 15, areas},
	{"onboarding", "page", 10, tracks},
	{"platform/teams", "page", 12, teams},
	{"platform/runbooks", "page", 8, runbook},
}

// leafSize is the default profile's leaf folder size; the prose profile's
// sections are up to proseLeafSize pages, as on a large documentation portal.
const (
	leafSize      = 40
	proseLeafSize = 500
)

// page is the plan of one regular page, fixed before any body is written so
// that links can point at pages (and headings) that will exist.
type page struct {
	idx      int
	kind     string
	path     string // content-relative, slash-separated
	title    string
	public   bool
	headings []heading
	chinese  bool
	from, to string // manuals only; the title names them too
}

type heading struct {
	level int
	text  string
}

// section is a folder with an _index.md.
type section struct {
	path   string // content-relative folder; "" is the home page
	title  string
	weight int
}

// site is the whole plan.
type site struct {
	seed     int64
	prose    bool // the prose-heavy profile (Options.Profile "prose")
	pages    []page
	sections []section
	public   []int // indexes of public pages
}

// Generate writes dir/keel (a keel site) and dir/hugo (the same content as a
// Hugo site) with n regular pages. The same seed always yields the same bytes.
// It refuses to write into a non-empty dir/keel or dir/hugo.
func Generate(dir string, n int, seed int64) error {
	return GenerateWith(dir, n, seed, Options{})
}

// Options vary the generated corpus.
type Options struct {
	// Translate makes the keel site bilingual (languages: [en, zh]) with a
	// translation page.zh.md of every content page and section index, for
	// measuring what a second language costs (the Hugo tree is unchanged).
	Translate bool
	// Profile is "" or "default" (2–4 code blocks per page, leaf sections of
	// 40 pages) or "prose": longer prose, 1–3 code blocks per page, Chinese
	// sentences inside the paragraphs of a third of the pages, and leaf
	// sections of up to 500 pages.
	Profile string
}

// Profiles lists the values Options.Profile accepts.
var Profiles = []string{"default", "prose"}

// GenerateWith is Generate with options.
func GenerateWith(dir string, n int, seed int64, opts Options) error {
	if n < 1 {
		return errors.New("corpus: n must be at least 1")
	}
	for _, sub := range []string{"keel", "hugo"} {
		if ents, err := os.ReadDir(filepath.Join(dir, sub)); err == nil && len(ents) > 0 {
			return fmt.Errorf("corpus: %s is not empty", filepath.Join(dir, sub))
		}
	}
	if opts.Profile != "" && !slices.Contains(Profiles, opts.Profile) {
		return fmt.Errorf("corpus: unknown profile %q (want one of %s)", opts.Profile, strings.Join(Profiles, ", "))
	}
	s := plan(n, seed, opts.Profile == "prose")
	files := s.files()
	if opts.Translate {
		files = translated(files)
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, "keel"), f.path, f.body, f.tree&treeKeel != 0); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, "hugo"), f.path, f.body, f.tree&treeHugo != 0); err != nil {
			return err
		}
	}
	return nil
}

const (
	treeKeel = 1 << iota
	treeHugo
)

type file struct {
	path string
	body []byte
	tree int
}

func writeFile(root, rel string, body []byte, want bool) error {
	if !want {
		return nil
	}
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, body, 0o644)
}

// files returns every file of both trees in a fixed order.
func (s *site) files() []file {
	both := treeKeel | treeHugo
	out := []file{
		{"keel.yaml", []byte("title: Northwind Engineering Portal\n"), treeKeel},
	}
	out = append(out, hugoFiles()...)
	for _, sec := range s.sections {
		out = append(out, file{path.Join("content", sec.path, "_index.md"), s.sectionFile(sec), both})
	}
	for i := range s.pages {
		out = append(out, file{path.Join("content", s.pages[i].path), s.pageFile(i), both})
	}
	return out
}

// rng gives each page (and each purpose) its own stream, so a page's content does
// not depend on the order in which pages are generated.
func (s *site) rng(idx, purpose int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(s.seed), uint64(idx)<<8|uint64(purpose)))
}

func plan(n int, seed int64, prose bool) *site {
	s := &site{seed: seed, prose: prose}
	leafSize := leafSize
	if prose {
		leafSize = proseLeafSize
	}
	counts := make([]int, len(groups))
	total := 0
	for i, g := range groups {
		counts[i] = n * g.share / 100
		total += counts[i]
	}
	// Rounding leftovers go to the groups in order, one each.
	for i := 0; total < n; i = (i + 1) % len(groups) {
		counts[i]++
		total++
	}
	width := max(5, len(fmt.Sprint(n)))
	s.sections = append(s.sections, section{"", "Northwind Engineering Portal", 0})
	seen := map[string]bool{"": true}
	addSection := func(dir string, weight int) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		s.sections = append(s.sections, section{dir, titleCase(path.Base(dir)), weight})
	}
	idx := 0
	for gi, g := range groups {
		if counts[gi] == 0 {
			continue
		}
		for d := path.Dir(g.dir); d != "."; d = path.Dir(d) {
			addSection(d, gi+1)
		}
		addSection(g.dir, gi+1)
		leaves := (counts[gi] + leafSize - 1) / leafSize
		for k := range counts[gi] {
			leaf := k * leaves / counts[gi]
			name := g.names[leaf%len(g.names)]
			if leaf >= len(g.names) {
				name = fmt.Sprintf("%s-%d", name, leaf/len(g.names)+1)
			}
			dir := g.dir + "/" + name
			addSection(dir, leaf+1)
			idx++
			p := s.planPage(idx, g.kind, fmt.Sprintf("%s/%s-%0*d.md", dir, prefix(g.kind), width, idx))
			if p.public {
				s.public = append(s.public, len(s.pages))
			}
			s.pages = append(s.pages, p)
		}
	}
	return s
}

func prefix(kind string) string {
	switch kind {
	case "blueprint":
		return "b"
	case "manual":
		return "m"
	case "brief":
		return "r"
	}
	return "p"
}

func (s *site) planPage(idx int, kind, p string) page {
	r := s.rng(idx, 1)
	pg := page{idx: idx, kind: kind, path: p, public: r.IntN(5) == 0, chinese: r.IntN(3) == 0}
	if kind == "manual" {
		pg.from, pg.to = twoDBs(r)
	}
	pg.title = pageTitle(r, kind, pg.from, pg.to)
	n := 4 + r.IntN(3)
	// Headings keep the pool's order, so "Step 1" comes before "Step 2".
	for _, h := range pickOrdered(r, headingPools[kind], n) {
		pg.headings = append(pg.headings, heading{2, h})
		if r.IntN(2) == 0 {
			pg.headings = append(pg.headings, heading{3, pick(r, subheadings)})
		}
	}
	if pg.chinese {
		pg.headings = append(pg.headings, heading{3, pick(r, chineseHeadings)})
	}
	return pg
}

func pageTitle(r *rand.Rand, kind, from, to string) string {
	svc := pick(r, services)
	switch kind {
	case "blueprint":
		return fmt.Sprintf("%s %s for %s", titleCase(pick(r, areas)),
			pick(r, []string{"consolidation", "roadmap", "platform", "modernisation", "resilience plan", "cost plan"}), svc)
	case "manual":
		return fmt.Sprintf("Migrate %s from %s to %s", svc, from, to)
	case "brief":
		return fmt.Sprintf("%s: %s %s", titleCase(svc),
			pick(r, []string{"faster", "cheaper", "safer", "simpler"}), pick(r, []string{"checkout at scale",
				"multi-region reads", "zero-downtime upgrades", "tenant isolation", "audit trails", "search relevance"}))
	}
	return fmt.Sprintf("%s: %s", titleCase(pick(r, teams)), pick(r, []string{"how we work", "on-call guide",
		"service map", "first steps", "access checklist", "database runbook", "deploy guide", "incident primer"}))
}

func twoDBs(r *rand.Rand) (string, string) {
	from := pick(r, databases)
	to := pick(r, databases)
	for to == from {
		to = pick(r, databases)
	}
	return from, to
}

// relLink returns the path of to relative to the folder of from.
func relLink(from, to string) string {
	fd := strings.Split(path.Dir(from), "/")
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pickN returns k distinct elements of xs (all of them if k >= len(xs)), in a
// random order.
func pickN[T any](r *rand.Rand, xs []T, k int) []T {
	idx := r.Perm(len(xs))
	k = min(k, len(xs))
	out := make([]T, k)
	for i := range k {
		out[i] = xs[idx[i]]
	}
	return out
}

// pickOrdered returns k distinct elements of xs in their original order.
func pickOrdered[T any](r *rand.Rand, xs []T, k int) []T {
	idx := r.Perm(len(xs))[:min(k, len(xs))]
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

func titleCase(s string) string {
	words := strings.FieldsFunc(s, func(c rune) bool { return c == '-' || c == '_' || c == ' ' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// translated adds a zh copy of every content page to the keel tree.
func translated(files []file) []file {
	var out []file
	for _, f := range files {
		if f.path == "keel.yaml" {
			f.body = append(append([]byte(nil), f.body...), "languages: [en, zh]\n"...)
		}
		out = append(out, f)
		if strings.HasPrefix(f.path, "content/") && strings.HasSuffix(f.path, ".md") && f.tree&treeKeel != 0 {
			out = append(out, file{strings.TrimSuffix(f.path, ".md") + ".zh.md", f.body, treeKeel})
		}
	}
	return out
}
