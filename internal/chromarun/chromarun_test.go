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
	"golang.org/x/tools/txtar"
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

// sample is a text to lex and the chroma lexer for it.
type sample struct {
	lexer      chroma.Lexer
	name, text string
}

// moreSamples: the code blocks of the portal's content and of the test
// fixtures, files of the module cache in the required languages (TOML,
// Dockerfiles, XML, …) and testdata/samples.txtar.
func moreSamples(t testing.TB) []sample {
	var out []sample
	for _, root := range []string{"../../content", "../markdown/testdata", "../site/testdata"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			for i, f := range fences(string(b)) {
				if l := lexers.Get(f.lang); l != nil {
					out = append(out, sample{l, fmt.Sprintf("%s#%d", p, i), f.code})
				}
			}
			return nil
		})
	}
	ar, err := txtar.ParseFile("testdata/samples.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		out = append(out, sample{lexers.Get(f.Name), "samples.txtar/" + f.Name, string(f.Data)})
	}
	dirs, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "all").Output()
	if err != nil {
		return out
	}
	perExt := map[string]int{}
	for _, dir := range strings.Fields(string(dirs)) {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			base := filepath.Base(p)
			kind := filepath.Ext(base)
			if strings.HasPrefix(base, "Dockerfile") {
				kind = "Dockerfile"
			}
			switch kind {
			case ".toml", ".xml", ".ini", ".lua", "Dockerfile", ".rs", ".py", ".java", ".cs", ".ts", ".js", ".dart", ".diff", ".patch":
			default:
				return nil
			}
			if perExt[kind] >= 40 {
				return nil
			}
			l := lexers.Match(base)
			info, err := d.Info()
			if l == nil || err != nil || info.Size() > 200<<10 {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			perExt[kind]++
			out = append(out, sample{l, p, string(b)})
			return nil
		})
	}
	return out
}

type fence struct{ lang, code string }

// fences extracts unindented ``` blocks.
func fences(md string) []fence {
	var out []fence
	lines := strings.SplitAfter(md, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\n")
		if !strings.HasPrefix(l, "```") {
			continue
		}
		lang := strings.ToLower(strings.TrimSpace(strings.TrimLeft(l, "`")))
		var b strings.Builder
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			b.WriteString(lines[i])
		}
		out = append(out, fence{lang, b.String()})
	}
	return out
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
	"dockerfile", "nginx", "diff", "xml", "toml", "ini", "dart",
}

// notRunnable are required languages the engine leaves to chroma, and why.
var notRunnable = map[string]string{
	"http": "chroma wraps its HTTP RegexLexer in a Lexer that re-lexes the body by Content-Type; not a rule table",
}

func TestNotRunnableStayOnChroma(t *testing.T) {
	for name := range notRunnable {
		if For(lexers.Get(name)) != nil {
			t.Errorf("%s now runs on the engine: move it to required", name)
		}
	}
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
	for _, s := range moreSamples(t) {
		if s.lexer == nil {
			continue
		}
		x := For(s.lexer)
		if x == nil {
			continue
		}
		name := s.lexer.Config().Name
		ran[name] = true
		if d := firstDiff(chromaTokens(t, s.lexer, s.text), engineTokens(x, s.text)); d != "" {
			t.Errorf("%s %s: %s", name, s.name, d)
		}
	}
	names := make([]string, 0, len(ran))
	for n := range ran {
		names = append(names, n)
	}
	sort.Strings(names)
	t.Logf("%d lexers identical: %s", len(names), strings.Join(names, ", "))
	for _, name := range required {
		if !ran[lexers.Get(name).Config().Name] {
			t.Errorf("no sample of %s", name)
		}
	}
}

// benchFile is chroma's own sample file for a language, else the
// hand-written one.
func benchFile(b *testing.B, lang string) (chroma.Lexer, string) {
	l := lexers.Get(lang)
	for _, f := range sampleFiles(b) {
		if f.lexer == l {
			src, err := os.ReadFile(f.path)
			if err != nil {
				b.Fatal(err)
			}
			return l, string(src)
		}
	}
	ar, err := txtar.ParseFile("testdata/samples.txtar")
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == lang {
			return l, string(f.Data)
		}
	}
	b.Fatalf("no sample for %s", lang)
	return nil, ""
}

// BenchmarkLex compares chroma (Coalesce(lexer).Tokenise, drained) with the
// engine on chroma's first sample file of each required language.
func BenchmarkLex(b *testing.B) {
	for _, lang := range required {
		l, src := benchFile(b, lang)
		x := For(l)
		chroma.Coalesce(l).Tokenise(nil, src) // compile outside the timing
		b.Run(lang+"/chroma", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				it, _ := chroma.Coalesce(l).Tokenise(nil, src)
				for tok := it(); tok != chroma.EOF; tok = it() {
				}
			}
		})
		b.Run(lang+"/engine", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				x.Tokenise(src, func(chroma.TokenType, string) {})
			}
		})
	}
}

// FuzzRust: on any input, the engine gives chroma's Rust tokens.
func FuzzRust(f *testing.F) {
	for _, s := range []string{"fn main() { let x = 1; }", "r#\"a\"# 'a: loop {}", "/* /* */ */ é \\b", "#[derive(Debug)]\nstruct A<'a>(&'a str);"} {
		f.Add(s)
	}
	l := lexers.Get("rust")
	x := For(l)
	f.Fuzz(func(t *testing.T, src string) {
		if d := firstDiff(chromaTokens(t, l, src), engineTokens(x, src)); d != "" {
			t.Errorf("%q: %s", src, d)
		}
	})
}
