package diagram

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden (read every SVG before committing it)")

// One diagram of each kind. The goldens were read before they were
// accepted: shapes, labels, arrows and the theme classes are where the
// source says.
var goldens = []struct{ name, kind, title, src string }{
	{"d2-zones", "d2", "Hospital zones", "direction: right\nusers: Patients {shape: person}\ngw: API gateway\nzone: Clinical zone {\n  emr: EMR service\n  db: Patient DB {shape: cylinder}\n  emr -> db: SQL\n}\nusers -> gw: HTTPS\ngw -> zone.emr: mTLS\n"},
	{"goat-pipeline", "goat", "", ".-------.     .--------.\n| app   +---->| queue  |\n'-------'     '---+----'\n                  |\n                  v\n              .--------.\n              |  db    |\n              '--------'\n"},
	{"mermaid-flowchart", "mermaid", "Booking", "flowchart LR\n  A[Patient app] -->|HTTPS| B{Gateway}\n  B -.->|cache miss| C[(Records DB)]\n  subgraph core [Clinical zone]\n    C\n  end\n"},
	{"mermaid-sequence", "mermaid", "Login", "sequenceDiagram\n  actor P as Patient\n  participant G as Gateway\n  P->>+G: sign in\n  alt token valid\n    G-->>P: 200\n  else expired\n    G--xP: 401\n  end\n  Note over G: audited\n  G-->>-P: done\n"},
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			r := Render(g.kind, g.src, g.title)
			if len(r.Problems) > 0 || r.SVG == nil {
				t.Fatalf("problems: %v", r.Problems)
			}
			path := filepath.Join("testdata", "golden", g.name+".svg")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, r.SVG, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.SVG, want) {
				t.Errorf("SVG differs from %s (go test -update, then read it)", path)
			}
		})
	}
}

// The same source renders to the same bytes, so two builds are identical.
func TestDeterministic(t *testing.T) {
	for _, g := range goldens {
		a, b := Render(g.kind, g.src, g.title), Render(g.kind, g.src, g.title)
		if !bytes.Equal(a.SVG, b.SVG) {
			t.Errorf("%s: two renders differ", g.name)
		}
	}
}

var (
	scriptRe   = regexp.MustCompile(`(?i)<script`)
	handlerRe  = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	externalRe = regexp.MustCompile(`(?i)(href\s*=\s*["'][^#]|url\(\s*["']?[^#"'\s]|@import|<image|<foreignObject)`)
	hexColour  = regexp.MustCompile(`(?i)(fill|stroke|color)\s*[:=]\s*["']?#[0-9a-f]{3,6}`)
)

func TestNoScriptNoExternalReferences(t *testing.T) {
	for _, g := range goldens {
		svg := Render(g.kind, g.src, g.title).SVG
		if m := scriptRe.Find(svg); m != nil {
			t.Errorf("%s: contains %s", g.name, m)
		}
		if m := handlerRe.Find(svg); m != nil {
			t.Errorf("%s: event handler %s", g.name, m)
		}
		if m := externalRe.Find(svg); m != nil {
			t.Errorf("%s: external reference %s", g.name, m)
		}
	}
	// The last gate refuses what a renderer might produce some day.
	for _, bad := range []string{
		`<svg><script>alert(1)</script></svg>`,
		`<svg><g onclick="x()"></g></svg>`,
		`<svg><a href="https://example.com/">x</a></svg>`,
		`<svg><image href="https://example.com/i.png"/></svg>`,
		`<svg><rect style="fill:url(https://example.com/p.svg#x)"/></svg>`,
		`<svg><style>@import "https://example.com/x.css";</style></svg>`,
		`<svg><foreignObject><div>x</div></foreignObject></svg>`,
	} {
		if checkSafe([]byte(bad)) == nil {
			t.Errorf("checkSafe accepted %s", bad)
		}
	}
	if err := checkSafe([]byte(`<svg><path marker-end="url(#mk-1)" mask="url(#d2-1)"/></svg>`)); err != nil {
		t.Errorf("checkSafe refused fragment references: %v", err)
	}
}

// Colours come from the page's CSS variables, so a dark page gets a dark
// diagram (no white box): no fixed colour is drawn, and the background and
// text classes use --bg and --fg.
func TestColoursFollowTheTheme(t *testing.T) {
	for _, g := range goldens {
		svg := string(Render(g.kind, g.src, g.title).SVG)
		// The label mask's white and black rectangles are a mask, not paint.
		painted := regexp.MustCompile(`(?s)<mask.*?</mask>`).ReplaceAllString(svg, "")
		painted = strings.ReplaceAll(painted, `class='goat-hollow' fill='#fff'`, "")
		if m := hexColour.FindString(painted); m != "" {
			t.Errorf("%s: fixed colour %s", g.name, m)
		}
		if g.kind == "goat" {
			if !strings.Contains(svg, "currentColor") || !strings.Contains(svg, ".goat .goat-hollow{fill:var(--bg") {
				t.Errorf("%s: goat does not follow the text and background colours", g.name)
			}
			continue
		}
		for _, rule := range []string{" .fill-N7{fill:var(--bg,", " .fill-N1{fill:var(--fg,", "{font-family:var(--font,"} {
			if !strings.Contains(svg, rule) {
				t.Errorf("%s: no rule %q", g.name, rule)
			}
		}
		for _, c := range themeClass.FindAllString(svg, -1) {
			if !strings.Contains(svg, " ."+c+"{") {
				t.Errorf("%s: class %s has no theme rule", g.name, c)
			}
		}
	}
}

func TestAccessibleName(t *testing.T) {
	svg := string(Render("d2", "a: Gateway\nb: Database\na -> b: SQL", "Request path").SVG)
	for _, want := range []string{`role="img"`, `aria-label="Request path"`, "<title>Request path</title>", "<desc>Gateway; Database; SQL</desc>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in %.300s", want, svg)
		}
	}
	if svg := string(Render("goat", "+--+\n|ok|\n+--+\n", "").SVG); !strings.Contains(svg, `aria-label="Diagram"`) || !strings.Contains(svg, "<desc>ok</desc>") {
		t.Errorf("goat: %.300s", svg)
	}
}

// D2's errors keep D2's message and their line and column in the block.
func TestD2Errors(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"a -> b\nc -> \n", 2, 1, "D2: connection missing destination"},
		{"a -> b\nx: {\n  y\n", 2, 4, "D2: maps must be terminated with }"},
		{"a: {shape: blob}\n", 1, 12, `D2: unknown shape "blob"`},
		{"a -> b\nb.style.fill: 12\n", 2, 15, "D2: expected \"fill\" to be a valid named color"},
		{"a: x {link: https://example.com}\n", 1, 7, `D2: links on "a" are not rendered at build time`},
		{"a: x {icon: https://example.com/i.svg}\n", 1, 1, `D2: icons on "a" are not rendered`},
		{"a: x {tooltip: hi}\n", 1, 7, `D2: tooltips on "a"`},
		{"a: |md # hi |\n", 1, 1, `D2: markdown labels on "a"`},
		{"layers: {x: {a}}\n", 1, 1, "D2 layers, scenarios and steps are not rendered"},
	}
	for _, tt := range tests {
		r := Render("d2", tt.src, "")
		if r.SVG != nil || len(r.Problems) == 0 {
			t.Errorf("%q: rendered, want an error", tt.src)
			continue
		}
		p := r.Problems[0]
		if p.Warning || p.Line != tt.line || p.Col != tt.col || !strings.HasPrefix(p.Msg, tt.msg) {
			t.Errorf("%q: got %d:%d %q, want %d:%d %q", tt.src, p.Line, p.Col, p.Msg, tt.line, tt.col, tt.msg)
		}
	}
}

// Every translation the Mermaid table test expects is valid D2.
func TestMermaidTranslationsRender(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out every table case")
	}
	for _, src := range []string{
		"flowchart LR\na[rect] --> b(round) --> c([stadium]) --> d[[sub]] --> e[(db)]\nf((circle)) --> g{decide} --> h{{hex}} --> i[/lean/] --> j>flag] --> k(((double)))\n",
		"flowchart LR\nA --- B\nA -.-> C\nA ==> D\nA --o E\nA --x F\nA <--> G\nA -.- H\nA === I\nA -- no --> C\n",
		"flowchart TB\nX --> B\nsubgraph zone [Clinical zone]\n  direction LR\n  B\n  subgraph inner\n    C --> D\n  end\nend\nX --> inner\nshape --> label\n",
		"sequenceDiagram\nautonumber\nparticipant A as Alice\nactor B\nA->B: solid\nA-->B: dotted\nA->>+B: arrow\nB-->>-A: dotted arrow\nA-xB: cross\nA--xB: dotted cross\nA-)B: async\nA--)B: dotted async\nA<<->>B: both\nloop l\nA->>B: ping\nend\nopt o\nB->>A: hit\nend\nalt ok\nB->>A: 200\nelse no\nB->>A: 401\nend\nNote over B: n\n",
	} {
		if r := Render("mermaid", src, ""); r.SVG == nil || len(r.Problems) > 0 {
			d2, _ := FromMermaid(src)
			t.Errorf("%q: %v\n%s", src, r.Problems, d2)
		}
	}
}

// A diagram scales down only until its smallest text is MinText px: the
// outer <svg> says so with a min-width (the column's max-width:100% does the
// rest); one already small enough never scales.
func TestReadableMinWidth(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<svg xmlns="x" width="1000" height="10"><text style="font-size:14.4px">a</text><text style="font-size:25.2px">b</text></svg>`, `<svg xmlns="x" width="1000" height="10" style="min-width:695px">`},
		{`<svg xmlns="x" class="goat" width="200" height="10"><style>.goat{font-size:14px}</style></svg>`, `<svg xmlns="x" class="goat" width="200" height="10" style="min-width:143px">`},
		{`<svg xmlns="x" width="300" height="10"><text style="font-size:8px">a</text></svg>`, `<svg xmlns="x" width="300" height="10" style="min-width:300px">`},
		{`<svg xmlns="x" width="300" height="10"></svg>`, `<svg xmlns="x" width="300" height="10">`},
	} {
		if got := string(readable([]byte(c.in))); !strings.HasPrefix(got, c.want) {
			t.Errorf("readable(%.60q) = %.60q, want prefix %q", c.in, got, c.want)
		}
	}
	for _, g := range goldens {
		if r := Render(g.kind, g.src, g.title); !bytes.Contains(r.SVG[:bytes.IndexByte(r.SVG, '>')], []byte(`style="min-width:`)) {
			t.Errorf("%s: outer <svg> has no min-width", g.name)
		}
	}
}

// D2 cuts the line under a connection's label to the label's width in its
// own font; keel widens each cut so a wider theme font does not run over
// the line (the browser test measures the real text against the holes).
func TestLabelHolesWidened(t *testing.T) {
	got := string(widenHole([]byte(`<rect x="100.000000" y="50.000000" width="50" height="21" fill="black"></rect>`)))
	want := `<rect x="92.0" y="49.0" width="66.0" height="23.0" fill="black"></rect>`
	if got != want {
		t.Errorf("widenHole = %s, want %s", got, want)
	}
	r := Render("d2", "a -> b: HTTPS\n", "")
	if !bytes.Contains(r.SVG, []byte(`width="64.8" height="23.0" fill="black"`)) {
		t.Errorf("the label hole of a rendered diagram is not widened:\n%s", r.SVG[bytes.Index(r.SVG, []byte("<mask")):])
	}
}
