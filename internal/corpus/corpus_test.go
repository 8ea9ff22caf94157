package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const testN = 60

// readTree returns every file under root, keyed by slash path.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func generate(t *testing.T, n int, seed int64) string {
	t.Helper()
	dir := t.TempDir()
	if err := Generate(dir, n, seed); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDeterministic(t *testing.T) {
	a := readTree(t, generate(t, testN, 7))
	b := readTree(t, generate(t, testN, 7))
	if len(a) != len(b) {
		t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
	}
	for p, ab := range a {
		if !bytes.Equal(ab, b[p]) {
			t.Errorf("%s differs between two generations with the same seed", p)
		}
	}
	c := readTree(t, generate(t, testN, 8))
	same := 0
	for p, ab := range a {
		if strings.HasSuffix(p, ".md") && bytes.Equal(ab, c[p]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d Markdown files are identical for seeds 7 and 8", same)
	}
}

func TestPageCountAndHugoMirror(t *testing.T) {
	dir := generate(t, testN, 1)
	k := readTree(t, filepath.Join(dir, "keel"))
	h := readTree(t, filepath.Join(dir, "hugo"))
	pages := 0
	for p, b := range k {
		if strings.HasPrefix(p, "content/") {
			if !bytes.Equal(b, h[p]) {
				t.Errorf("%s: Hugo copy differs from keel's", p)
			}
			if path.Base(p) != "_index.md" {
				pages++
			}
		}
	}
	if pages != testN {
		t.Errorf("generated %d regular pages, want %d", pages, testN)
	}
	for _, p := range []string{"keel.yaml"} {
		if _, ok := k[p]; !ok {
			t.Errorf("keel site lacks %s", p)
		}
	}
	for _, p := range []string{"hugo.toml", "layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/list.html"} {
		if _, ok := h[p]; !ok {
			t.Errorf("hugo site lacks %s", p)
		}
	}
}

func TestRefusesNonEmptyDir(t *testing.T) {
	dir := generate(t, 5, 1)
	if err := Generate(dir, 5, 1); err == nil {
		t.Error("second Generate into the same directory succeeded; want an error")
	}
}

// frontMatter splits a generated file into its YAML and its body.
func frontMatter(t *testing.T, p string, b []byte) (map[string]any, string) {
	t.Helper()
	s := string(b)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", p)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("%s: front matter not closed", p)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &m); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return m, s[4+end+5:]
}

var (
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	headingRE = regexp.MustCompile(`(?m)^#{1,6} (.+)$`)
	dueRE     = regexp.MustCompile(`^\d{4}-(\d{2}-\d{2}|Q[1-4])$`)
)

// anchors computes GitHub heading IDs from the Markdown itself, independently
// of the generator's plan. Fenced code is skipped.
func anchors(body string) map[string]bool {
	var prose []string
	fenced := false
	for line := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			prose = append(prose, line)
		}
	}
	ids := map[string]bool{}
	seen := map[string]int{}
	for _, m := range headingRE.FindAllStringSubmatch(strings.Join(prose, "\n"), -1) {
		id := Slug(m[1])
		if n, ok := seen[id]; ok {
			seen[id] = n + 1
			id += "-" + strconv.Itoa(n+1)
		} else {
			seen[id] = 0
		}
		ids[id] = true
	}
	return ids
}

func TestLinksValid(t *testing.T) {
	dir := generate(t, 200, 3)
	files := readTree(t, filepath.Join(dir, "keel"))
	meta := map[string]map[string]any{}
	bodies := map[string]string{}
	for p, b := range files {
		if strings.HasSuffix(p, ".md") {
			meta[p], bodies[p] = frontMatter(t, p, b)
		}
	}
	links := 0
	for p, body := range bodies {
		for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
			href := m[1]
			if strings.HasPrefix(href, "https://") {
				continue
			}
			links++
			target, anchor, _ := strings.Cut(href, "#")
			tp := path.Join(path.Dir(p), target)
			if _, ok := files[tp]; !ok {
				t.Errorf("%s: link %s points to %s, which was not generated", p, href, tp)
				continue
			}
			if anchor != "" && !anchors(bodies[tp])[anchor] {
				t.Errorf("%s: link %s: %s has no heading with ID %q", p, href, tp, anchor)
			}
			if meta[p]["audience"] == "public" && meta[tp]["audience"] != "public" {
				t.Errorf("%s: public page links to internal page %s", p, tp)
			}
		}
	}
	if links < 3*200 {
		t.Errorf("only %d relative links in 200 pages; want at least 3 per page", links)
	}
}

func TestFrontMatter(t *testing.T) {
	dir := generate(t, testN, 5)
	files := readTree(t, filepath.Join(dir, "keel", "content"))
	kinds := map[string]int{}
	public := 0
	for p, b := range files {
		m, _ := frontMatter(t, p, b)
		for _, f := range []string{"title", "audience"} {
			if _, ok := m[f].(string); !ok {
				t.Errorf("%s: %s missing or not a string", p, f)
			}
		}
		if path.Base(p) == "_index.md" {
			continue
		}
		if m["audience"] == "public" {
			public++
		}
		for _, f := range []string{"teams", "tags"} {
			if l, ok := m[f].([]any); !ok || len(l) == 0 {
				t.Errorf("%s: %s missing or empty", p, f)
			}
		}
		if _, ok := m["date"].(time.Time); !ok {
			t.Errorf("%s: date %v is not a YYYY-MM-DD date", p, m["date"])
		}
		kind := map[string]string{"blueprints": "blueprint", "manuals": "manual", "briefs": "brief"}[strings.Split(p, "/")[0]]
		kinds[kind]++
		checkKindFields(t, p, kind, m)
	}
	for _, k := range []string{"blueprint", "manual", "brief", ""} {
		if kinds[k] == 0 {
			t.Errorf("no pages of kind %q", k)
		}
	}
	if public == 0 || public == testN {
		t.Errorf("%d of %d pages are public; want a mix", public, testN)
	}
}

// checkKindFields checks the fields a page of kind must have.
func checkKindFields(t *testing.T, p, kind string, m map[string]any) {
	t.Helper()
	switch kind {
	case "blueprint":
		oneOf(t, p, "status", m["status"], "draft", "proposed", "accepted", "in-progress", "done", "superseded", "rejected")
		ms, _ := m["milestones"].([]any)
		if len(ms) == 0 {
			t.Errorf("%s: no milestones", p)
		}
		for _, x := range ms {
			mm, _ := x.(map[string]any)
			if due, _ := mm["due"].(string); !dueRE.MatchString(due) {
				// yaml decodes an unquoted YYYY-MM-DD as a time
				if _, ok := mm["due"].(time.Time); !ok {
					t.Errorf("%s: milestone due %v", p, mm["due"])
				}
			}
			oneOf(t, p, "milestone status", mm["status"], "planned", "in-progress", "done", "at-risk")
			if mm["title"] == nil {
				t.Errorf("%s: milestone without title", p)
			}
		}
	case "manual":
		if m["from"] == nil || m["to"] == nil {
			t.Errorf("%s: manual lacks from/to", p)
		}
		oneOf(t, p, "risk", m["risk"], "low", "medium", "high")
		if l, _ := m["prerequisites"].([]any); len(l) == 0 {
			t.Errorf("%s: no prerequisites", p)
		}
	case "brief":
		ms, _ := m["metrics"].([]any)
		if len(ms) == 0 || m["headline"] == nil {
			t.Errorf("%s: brief lacks headline or metrics", p)
		}
		for _, x := range ms {
			mm, _ := x.(map[string]any)
			if src, _ := mm["source"].(string); !strings.HasPrefix(src, "https://") {
				t.Errorf("%s: metric source %q is not an https URL", p, src)
			}
		}
	}
}

func oneOf(t *testing.T, p, field string, v any, allowed ...string) {
	t.Helper()
	s, _ := v.(string)
	if !slices.Contains(allowed, s) {
		t.Errorf("%s: %s %v not in %v", p, field, v, allowed)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Risks & mitigations", "risks--mitigations"},
		{"Step 1: prepare the target", "step-1-prepare-the-target"},
		{"What's next", "whats-next"},
		{"Clean-up", "clean-up"},
		{"背景说明", "背景说明"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRelLink(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"manuals/storage/m-1.md", "manuals/storage/m-2.md", "m-2.md"},
		{"manuals/storage/m-1.md", "manuals/data/m-2.md", "../data/m-2.md"},
		{"platform/teams/sre/p-1.md", "blueprints/edge/b-2.md", "../../../blueprints/edge/b-2.md"},
	}
	for _, tt := range tests {
		if got := relLink(tt.from, tt.to); got != tt.want {
			t.Errorf("relLink(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestHugoBuilds(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("hugo is not installed")
		}
		t.Skip("hugo is not installed")
	}
	dir := generate(t, 50, 1)
	out, err := exec.Command(hugo, "--quiet", "-s", filepath.Join(dir, "hugo"), "-d", filepath.Join(dir, "out")).CombinedOutput()
	if err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	if len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("hugo printed:\n%s", out)
	}
	for _, p := range []string{"index.html", "sitemap.xml", "index.xml"} {
		if _, err := os.Stat(filepath.Join(dir, "out", p)); err != nil {
			t.Error(err)
		}
	}
	// Every regular page must be rendered (Hugo skips future-dated pages, for one).
	pages, err := filepath.Glob(filepath.Join(dir, "out", "*", "*", "[bmrp]-*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	deeper, _ := filepath.Glob(filepath.Join(dir, "out", "*", "*", "*", "[bmrp]-*", "index.html"))
	if got := len(pages) + len(deeper); got != 50 {
		t.Errorf("hugo rendered %d regular pages, want 50", got)
	}
}
