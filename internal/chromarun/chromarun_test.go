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

	"keel/internal/lextest"
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
// identity compares chroma's tokens of src with the engine's. Both give up
// on a regexp2 match after chroma's 250 ms timeout and emit an Error token
// instead, which a loaded machine (go test ./... on two cores) can trigger;
// a real difference repeats, so a difference is lexed twice more before it
// counts.
func identity(t testing.TB, l chroma.Lexer, x *Lexer, src string) string {
	d := ""
	for range 3 {
		if d = firstDiff(chromaTokens(t, l, src), engineTokens(x, src)); d == "" {
			return ""
		}
	}
	return d
}

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
			for i, f := range lextest.Fences(string(b)) {
				if l := lexers.Get(f.Lang); l != nil {
					out = append(out, sample{l, fmt.Sprintf("%s#%d", p, i), f.Code})
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

var (
	samplesOnce sync.Once
	chromaFiles []lextest.SampleFile
	chromaErr   error
)

// sampleFiles are chroma's own sample files, each with its lexer.
func sampleFiles(t testing.TB) []lextest.SampleFile {
	samplesOnce.Do(func() { chromaFiles, chromaErr = lextest.ChromaSamples() })
	if chromaErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(chromaErr)
		}
		t.Skip(chromaErr)
	}
	return chromaFiles
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
		if f.Lexer == nil {
			continue
		}
		x := For(f.Lexer)
		if x == nil {
			continue
		}
		b, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		name := f.Lexer.Config().Name
		ran[name] = true
		if d := identity(t, f.Lexer, x, string(b)); d != "" {
			t.Errorf("%s %s: %s", name, filepath.Base(f.Path), d)
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
		if d := identity(t, s.lexer, x, s.text); d != "" {
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
		if f.Lexer == l {
			src, err := os.ReadFile(f.Path)
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
