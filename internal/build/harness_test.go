package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	keel "keel"
	"keel/internal/output"
	"keel/internal/render"
)

// writeFunc is an Output made of a function, for tests that collect files.
type writeFunc func(f output.File) error

func (w writeFunc) WriteFile(f output.File) error { return w(f) }

// fixture is a site written from a txtar archive. Files under expect/ are not
// part of the site: "expect/<output path>" lists lines the output must contain
// (a line starting with "! " must not appear), and "expect/diagnostics" is the
// exact list of diagnostics the build must report.
type fixture struct {
	dir    string
	expect map[string]string
}

func loadFixture(t *testing.T, name string) fixture {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return writeArchive(t, ar)
}

func writeArchive(t *testing.T, ar *txtar.Archive) fixture {
	t.Helper()
	f := fixture{dir: t.TempDir(), expect: map[string]string{}}
	for _, file := range ar.Files {
		if rest, ok := strings.CutPrefix(file.Name, "expect/"); ok {
			f.expect[rest] = string(file.Data)
			continue
		}
		p := filepath.Join(f.dir, filepath.FromSlash(file.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, file.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// testNow is the fixed "today" of every test build.
var testNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func buildSite(t *testing.T, dir string, opts Options) Result {
	t.Helper()
	opts.Source = dir
	if opts.Theme == nil {
		opts.Theme = keel.Theme()
	}
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	return New(opts).Build()
}

func fileMap(files []render.File) map[string]string {
	m := map[string]string{}
	for _, f := range files {
		m[f.Path] = string(f.Data)
	}
	return m
}

// checkExpectations asserts every expect/ section of a fixture.
func checkExpectations(t *testing.T, f fixture, res Result) {
	t.Helper()
	if want, ok := f.expect["diagnostics"]; ok {
		var got strings.Builder
		res.Diags.WriteText(&got)
		if strings.TrimSpace(got.String()) != strings.TrimSpace(want) {
			t.Errorf("diagnostics:\n got:\n%s\nwant:\n%s", got.String(), want)
		}
	} else if len(res.Diags) > 0 {
		var got strings.Builder
		res.Diags.WriteText(&got)
		t.Errorf("unexpected diagnostics:\n%s", got.String())
	}
	out := fileMap(res.Files)
	for name, want := range f.expect {
		if name == "diagnostics" {
			continue
		}
		if strings.HasPrefix(name, "absent/") {
			if _, ok := out[strings.TrimPrefix(name, "absent/")]; ok {
				t.Errorf("%s exists but must not", strings.TrimPrefix(name, "absent/"))
			}
			continue
		}
		got, ok := out[name]
		if !ok {
			t.Errorf("output %s is missing", name)
			continue
		}
		for _, line := range strings.Split(want, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if neg, ok := strings.CutPrefix(line, "! "); ok {
				if strings.Contains(got, neg) {
					t.Errorf("%s contains %q but must not", name, neg)
				}
			} else if !strings.Contains(got, line) {
				t.Errorf("%s does not contain %q", name, line)
			}
		}
	}
}

// TestFixtures builds each testdata/*.txtar site and checks its expectations.
func TestFixtures(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.txtar")
	if len(names) == 0 {
		t.Fatal("no fixtures")
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			f := loadFixture(t, filepath.Base(name))
			opts := Options{}
			if cfg, ok := f.expect["options"]; ok {
				for _, line := range strings.Split(cfg, "\n") {
					switch k, v, _ := strings.Cut(strings.TrimSpace(line), "="); k {
					case "audience":
						opts.Audience = v
					case "drafts":
						opts.Drafts = v == "true"
					case "base-url":
						opts.BaseURL = v
					case "lenient":
						opts.Lenient = v == "true"
					}
				}
				delete(f.expect, "options")
			}
			checkExpectations(t, f, buildSite(t, f.dir, opts))
		})
	}
}
