package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runKeel(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	good := t.TempDir()
	write(t, good, "content/a.md", "---\ntitle: A\n---\nHello.\n")
	bad := t.TempDir()
	write(t, bad, "content/a.md", "---\ntitle: A\n---\n[x](missing.md)\n")
	typo := t.TempDir()
	write(t, typo, "content/a.md", "---\ntitle: A\n---\n[x](b/mising.md)\n")
	write(t, typo, "content/b/missing.md", "---\ntitle: B\n---\n")
	anchor := t.TempDir()
	write(t, anchor, "content/a.md", "---\ntitle: A\n---\n## Tail sampling\n\n[x](#tail-sampling-policy) [y](b.md)\n")
	warn := t.TempDir() // links: warn: a tree with broken links builds; check lists them
	write(t, warn, "keel.yaml", "links: warn\n")
	write(t, warn, "content/a.md", "# A\n\n[x](missing.md) [y](#nowhere)\n")
	badConfig := t.TempDir()
	write(t, badConfig, "keel.yaml", "markdown: yes\n")
	write(t, badConfig, "content/a.md", "---\ntitle: A\n---\n")
	out := filepath.Join(t.TempDir(), "out")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"build", "--source", good, "--out", out}, 0, "built internal edition"},
		{[]string{"build", "--source", bad, "--out", out}, 1, `content/a.md:4:1: error: broken link "missing.md"`},
		{[]string{"build", "--source", badConfig, "--out", out}, 2, "keel.yaml:1:11: error: markdown must be a mapping"},
		{[]string{"build", "--source", good, "--audience", "everyone"}, 2, "--audience must be internal or public"},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "stray"}, 2, `unexpected argument "stray"`},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{}, 2, "Usage:"},
		{[]string{"check", "--source", good}, 0, "0 errors, 0 warnings"},
		{[]string{"check", "--source", bad}, 1, `broken link "missing.md"`},
		{[]string{"check", "--source", bad}, 1, "keel check: 1 error, 0 warnings in 1 file\n"},
		{[]string{"check", "--source", typo}, 1, `"b/mising.md" does not exist (did you mean "b/missing.md"?)`},
		{[]string{"check", "--source", anchor}, 1, `no anchor #tail-sampling-policy on this page (did you mean #tail-sampling?)`},
		{[]string{"check", "--source", anchor}, 1, `"b.md" does not exist` + "\n"}, // no guess from one letter ("a.md")
		{[]string{"build", "--source", typo, "--out", out}, 1, "1 error, 0 warnings in 1 file; nothing was written\n"},
		{[]string{"check", "--source", good, "--format", "xml"}, 2, "--format must be text or json"},
		{[]string{"check", "--source", warn}, 0, `content/a.md:3:1: warning: broken link "missing.md"`},
		{[]string{"check", "--source", warn}, 0, `content/a.md:3:17: warning: broken link "#nowhere"`},
		{[]string{"check", "--source", warn}, 0, "0 errors, 2 warnings"},
		{[]string{"build", "--source", warn, "--out", out}, 0, "built internal edition"},
		{[]string{"version"}, 0, "keel "},
	}
	for _, c := range cases {
		code, stdout, stderr := runKeel(c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("keel %v: code %d, output:\n%s%s\nwant code %d and %q", c.args, code, stdout, stderr, c.code, c.want)
		}
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	src := t.TempDir()
	out := filepath.Join(t.TempDir(), "_site")
	write(t, src, "content/a.md", "---\ntitle: A\n---\nFirst.\n")
	if code, _, stderr := runKeel("build", "--source", src, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "a", "index.html"))
	write(t, src, "content/a.md", "---\ntitle: [broken\n---\nSecond.\n")
	if code, _, _ := runKeel("build", "--source", src, "--out", out); code != 1 {
		t.Fatalf("broken build exited %d, want 1", code)
	}
	after, _ := os.ReadFile(filepath.Join(out, "a", "index.html"))
	if !bytes.Equal(before, after) || !bytes.Contains(after, []byte("First.")) {
		t.Error("a failed build changed the previous output")
	}
}

func TestCheckJSON(t *testing.T) {
	src := t.TempDir()
	write(t, src, "content/a.md", "---\ntitle: A\ncolour: red\n---\nSee [b](b.md).\n")
	code, stdout, _ := runKeel("check", "--source", src, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per diagnostic, got:\n%s", stdout)
	}
	type diagJSON struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	var first, second diagJSON
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first != (diagJSON{"content/a.md", 3, 1, "warning", `unknown key "colour" for a page`}) {
		t.Errorf("first diagnostic: %+v", first)
	}
	if second.File != "content/a.md" || second.Line != 5 || second.Column != 5 || second.Severity != "error" ||
		!strings.HasPrefix(second.Message, `broken link "b.md"`) {
		t.Errorf("second diagnostic: %+v", second)
	}
}

func TestNewEveryKindBuildsAndChecksClean(t *testing.T) {
	src := t.TempDir()
	for _, kind := range []string{"blueprint", "manual", "brief", "page"} {
		code, stdout, stderr := runKeel("new", kind, "Zero-trust access 零信任", "--source", src)
		if code != 0 || !strings.Contains(stdout, "created content/") {
			t.Fatalf("keel new %s: %d %s%s", kind, code, stdout, stderr)
		}
		if !strings.Contains(stderr, "it is a draft: keel serve --drafts shows it") {
			t.Errorf("keel new %s does not say how to see the draft: %q", kind, stderr)
		}
	}
	if code, stdout, _ := runKeel("check", "--source", src); code != 0 || strings.TrimSpace(stdout) != "" {
		t.Errorf("new pages must pass keel check clean, got %d:\n%s", code, stdout)
	}
	if code, _, stderr := runKeel("build", "--source", src, "--out", filepath.Join(t.TempDir(), "o")); code != 0 {
		t.Errorf("new pages must build: %s", stderr)
	}
	// never overwrite; unknown kinds list the kinds
	path := filepath.Join(src, "content", "manuals", "zero-trust-access-零信任.md")
	before, _ := os.ReadFile(path)
	// keel new makes drafts: published only once someone says so, and a
	// page published with its placeholder text left in is a warning.
	if !bytes.Contains(before, []byte("\ndraft: true")) {
		t.Errorf("keel new must scaffold a draft:\n%s", before)
	}
	published := t.TempDir()
	write(t, published, "content/manuals/m.md", strings.Replace(string(before), "\ndraft: true", "", 1))
	if code, stdout, _ := runKeel("check", "--source", published); code != 0 || !strings.Contains(stdout, `content/manuals/m.md:3:10: warning: still holds the placeholder text "What moves from where to where, and who should run this."`) {
		t.Errorf("a published scaffold must warn about its placeholder text, got %d:\n%s", code, stdout)
	}
	if code, _, stderr := runKeel("new", "manual", "Zero-trust access 零信任", "--source", src); code == 0 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second keel new must refuse: %d %s", code, stderr)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("keel new overwrote a file")
	}
	if code, _, stderr := runKeel("new", "widget", "X", "--source", src); code != 2 || !strings.Contains(stderr, "kinds are blueprint, manual, brief, page") {
		t.Errorf("unknown kind: %d %s", code, stderr)
	}
}
