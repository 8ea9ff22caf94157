package chromarun

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

type token struct {
	t chroma.TokenType
	s string
}

func chromaTokens(t testing.TB, l chroma.Lexer, src string) []token {
	it, err := chroma.Coalesce(l).Tokenise(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	var out []token
	for tok := it(); tok != chroma.EOF; tok = it() {
		out = append(out, token{tok.Type, tok.Value})
	}
	return out
}

func engineTokens(x *Lexer, src string) []token {
	var out []token
	x.Tokenise(src, func(t chroma.TokenType, s string) { out = append(out, token{t, s}) })
	return out
}

// firstDiff describes where two token streams part, or "".
func firstDiff(want, got []token) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			var w, g token
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			return fmt.Sprintf("token %d: chroma %v %q, engine %v %q", i, w.t, w.s, g.t, g.s)
		}
	}
	return ""
}

var (
	chromaDirOnce sync.Once
	chromaDir     string
)

// testdataDir is chroma's lexers/testdata in the module cache: real files
// of each language, the ones chroma's own tests use.
func testdataDir(t testing.TB) string {
	chromaDirOnce.Do(func() {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
		if err == nil {
			chromaDir = filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
		}
	})
	if _, err := os.Stat(chromaDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chroma's testdata not found (%q): %v", chromaDir, err)
		}
		t.Skipf("chroma's testdata not found (%q): %v", chromaDir, err)
	}
	return chromaDir
}

type sampleFile struct {
	lexer chroma.Lexer
	path  string
}

// sampleFiles maps each testdata file to its lexer as chroma's TestLexers does.
func sampleFiles(t testing.TB) []sampleFile {
	dir := testdataDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []sampleFile
	for _, e := range entries {
		name := e.Name()
		if name == "analysis" {
			continue
		}
		if e.IsDir() {
			l := lexers.Get(name)
			subs, _ := filepath.Glob(filepath.Join(dir, name, "*.actual"))
			for _, s := range subs {
				out = append(out, sampleFile{l, s})
			}
			continue
		}
		if !strings.HasSuffix(name, ".actual") {
			continue
		}
		l := lexers.Get(strings.Split(strings.TrimSuffix(name, ".actual"), ".")[0])
		out = append(out, sampleFile{l, filepath.Join(dir, name)})
	}
	return out
}

// The languages of a technical portal the engine must run (issue #20).
var required = []string{
	"rust", "java", "csharp", "typescript", "javascript", "python", "lua",
	"dockerfile", "nginx", "http", "diff", "xml", "toml", "ini", "dart",
}

func TestRequiredLanguagesRun(t *testing.T) {
	for _, name := range required {
		l := lexers.Get(name)
		if l == nil {
			t.Errorf("chroma has no lexer %q", name)
			continue
		}
		if For(l) == nil {
			t.Errorf("%s (%s) does not run on the engine", name, l.Config().Name)
		}
	}
}

// TestIdentityWithChroma lexes every sample file of chroma's test suite with
// both chroma and the engine and requires identical token streams for every
// lexer the engine runs.
func TestIdentityWithChroma(t *testing.T) {
	files := sampleFiles(t)
	ran := map[string]bool{}
	for _, f := range files {
		if f.lexer == nil {
			continue
		}
		x := For(f.lexer)
		if x == nil {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		name := f.lexer.Config().Name
		ran[name] = true
		if d := firstDiff(chromaTokens(t, f.lexer, string(b)), engineTokens(x, string(b))); d != "" {
			t.Errorf("%s %s: %s", name, filepath.Base(f.path), d)
		}
	}
	names := make([]string, 0, len(ran))
	for n := range ran {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("%d lexers identical on %d files: %s", len(names), len(files), strings.Join(names, ", "))
}
