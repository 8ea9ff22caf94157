package fastlex

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"golang.org/x/tools/txtar"

	"keel/internal/corpus"
	"keel/internal/lextest"
)

// language names a fast lexer for the tests: chroma's lexer name for it, the
// fence names For accepts and other testdata files lexed with it too.
type language struct {
	name, chroma string
	fences, also []string
}

var langs = []language{
	{"go", "Go", []string{"go", "golang"}, nil},
	{"sql", "SQL", []string{"sql"}, nil},
	{"postgresql", "PostgreSQL SQL dialect", []string{"postgresql", "postgres"}, []string{"sql"}},
	{"mysql", "MySQL", []string{"mysql", "mariadb"}, []string{"sql"}},
	{"yaml", "YAML", []string{"yaml", "yml"}, nil},
	{"bash", "Bash", []string{"bash", "sh", "ksh", "zsh", "shell"}, nil},
	{"json", "JSON", []string{"json", "jsonl", "jsonc", "json5"}, nil},
	{"console", "Bash Session", []string{"console", "bash-session", "shell-session"}, nil},
}

func TestForMatchesChromaAliases(t *testing.T) {
	for _, l := range langs {
		for _, f := range l.fences {
			if For(f) == nil {
				t.Errorf("For(%q) = nil", f)
			}
			cl := lexers.Get(f)
			if cl == nil || cl.Config().Name != l.chroma {
				t.Errorf("chroma maps %q to %v, fast lexer mirrors %q", f, cl, l.chroma)
			}
		}
	}
	for _, f := range []string{"", "text", "python", "plpgsql"} {
		if For(f) != nil {
			t.Errorf("For(%q) != nil", f)
		}
	}
}

type sample struct{ name, src string }

var (
	samplesOnce sync.Once
	samplesByLn map[string][]sample
	samplesErr  error
)

// samples returns the sample set per test language: testdata/<lang>.txtar,
// the fenced blocks of the sample portal and of a generated corpus.
func samples(t testing.TB) map[string][]sample {
	samplesOnce.Do(func() {
		samplesByLn, samplesErr = loadSamples()
	})
	if samplesErr != nil {
		t.Fatal(samplesErr)
	}
	return samplesByLn
}

func loadSamples() (map[string][]sample, error) {
	out := map[string][]sample{}
	fenceLang := map[string]string{}
	for _, l := range langs {
		for _, f := range l.fences {
			fenceLang[f] = l.name
		}
		for _, file := range append([]string{l.name}, l.also...) {
			ar, err := txtar.ParseFile(filepath.Join("testdata", file+".txtar"))
			if err != nil {
				return nil, err
			}
			for _, f := range ar.Files {
				out[l.name] = append(out[l.name], sample{file + ".txtar/" + f.Name, string(f.Data)})
			}
		}
	}
	if err := addChromaSamples(out); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fastlex-corpus")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := corpus.Generate(dir, 200, 1); err != nil {
		return nil, err
	}
	for _, root := range []string{"../../content", dir} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for i, f := range lextest.Fences(string(b)) {
				if ln, ok := fenceLang[f.Lang]; ok {
					out[ln] = append(out[ln], sample{fmt.Sprintf("%s#%d", p, i), f.Code})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

type token struct {
	t chroma.TokenType
	s string
}

func fastTokens(l Lexer, src string) []token {
	var out []token
	l(src, func(t chroma.TokenType, s string) { out = append(out, token{t, s}) })
	return out
}

func chromaTokens(t testing.TB, name, src string) []token {
	cl := chroma.Coalesce(lexers.Get(name))
	it, err := cl.Tokenise(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	var out []token
	for tok := it(); tok != chroma.EOF; tok = it() {
		out = append(out, token{tok.Type, tok.Value})
	}
	return out
}

func join(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.s)
	}
	return b.String()
}

// class is the CSS class keel writes for a token type (see markdown.tokenClass).
func class(t chroma.TokenType) string {
	for ; t != 0; t = t.Parent() {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
	}
	return ""
}

func byteClasses(toks []token) []string {
	var out []string
	for _, t := range toks {
		c := class(t.t)
		for range len(t.s) {
			out = append(out, c)
		}
	}
	return out
}

func TestConcatenation(t *testing.T) {
	for ln, ss := range samples(t) {
		l := For(ln)
		for _, s := range ss {
			if got := join(fastTokens(l, s.src)); got != s.src {
				t.Errorf("%s: tokens concatenate to %q, want %q", s.name, got, s.src)
			}
		}
	}
}

func TestEmptyTokensNeverEmitted(t *testing.T) {
	for ln, ss := range samples(t) {
		for _, s := range ss {
			for _, tok := range fastTokens(For(ln), s.src) {
				if tok.s == "" {
					t.Fatalf("%s: empty %v token", s.name, tok.t)
				}
			}
		}
	}
}

// knownDiffs lists samples on which a fast lexer may differ from chroma,
// with the reason; every other sample must give chroma's tokens exactly.
var knownDiffs = map[string]string{}

// TestAgreementWithChroma requires token-identical output (type and text of
// every coalesced token) on every sample: the testdata, the portal's and a
// generated corpus's code blocks and chroma's own sample files.
// FASTLEX_DIFF=lang prints where a sample parts from chroma.
func TestAgreementWithChroma(t *testing.T) {
	all := samples(t)
	for _, l := range langs {
		ss := all[l.name]
		if len(ss) == 0 {
			t.Errorf("%s: no samples", l.name)
			continue
		}
		same, bytes := 0, 0
		for _, s := range ss {
			want := chromaTokens(t, l.chroma, s.src)
			if join(want) != s.src {
				t.Errorf("%s: chroma's tokens do not concatenate to the input", s.name)
				continue
			}
			got := fastTokens(For(l.name), s.src)
			bytes += len(s.src)
			// chroma gives up on a regexp2 match after 250 ms and emits an
			// Error token, which a loaded machine can trigger; fastlex is
			// deterministic, so a difference is checked against chroma twice
			// more before it counts.
			for retry := 0; retry < 2 && !slices.Equal(got, want); retry++ {
				want = chromaTokens(t, l.chroma, s.src)
			}
			if slices.Equal(got, want) {
				same++
				continue
			}
			if why, ok := knownDiffs[s.name]; ok {
				t.Logf("%s: differs from chroma (known: %s)", s.name, why)
				continue
			}
			t.Errorf("%s: tokens differ from chroma's", s.name)
			if os.Getenv("FASTLEX_DIFF") == l.name && len(byteClasses(want)) == len(byteClasses(got)) {
				t.Log(describeDiff(s.src, want, got))
			}
		}
		t.Logf("%-10s %3d samples, %3d token-identical, %7d bytes", l.name, len(ss), same, bytes)
	}
}

// origin names where a sample comes from.
func origin(name string) string {
	switch {
	case strings.Contains(name, ".txtar/"):
		return "testdata"
	case strings.HasPrefix(name, "../../content"):
		return "portal"
	}
	return "corpus"
}

// describeDiff lists the differing runs: text, chroma's classes, ours.
func describeDiff(src string, want, got []token) string {
	wc, gc := byteClasses(want), byteClasses(got)
	var b strings.Builder
	for i := 0; i < len(src); {
		if wc[i] == gc[i] || strings.TrimSpace(src[i:i+1]) == "" {
			i++
			continue
		}
		j := i
		for j < len(src) && (wc[j] != gc[j] || strings.TrimSpace(src[j:j+1]) == "") && wc[j] == wc[i] && gc[j] == gc[i] {
			j++
		}
		line := strings.Count(src[:i], "\n") + 1
		fmt.Fprintf(&b, "  line %d %q: chroma %q, fast %q\n", line, src[i:j], wc[i], gc[i])
		i = j
	}
	return b.String()
}

// maxFuzzInput bounds fuzz inputs so each run of a target stays fast.
const maxFuzzInput = 4 << 10

func FuzzLexers(f *testing.F) {
	for _, l := range langs {
		f.Add(l.name, "")
	}
	f.Fuzz(func(t *testing.T, lang, src string) {
		if len(src) > maxFuzzInput {
			return // long inputs add nothing but time (some constructs are quadratic, as in chroma)
		}
		for _, l := range langs {
			if lang != "" && lang != l.name {
				continue
			}
			toks := fastTokens(For(l.name), src)
			if got := join(toks); got != src {
				t.Fatalf("%s: tokens concatenate to %q, want %q", l.name, got, src)
			}
			for _, tok := range toks {
				if tok.s == "" {
					t.Fatalf("%s: empty token", l.name)
				}
			}
		}
	})
}

func TestEmitDoesNotAllocate(t *testing.T) {
	all := samples(t)
	emit := func(chroma.TokenType, string) {}
	for _, l := range langs {
		ss := all[l.name]
		lex := For(l.name)
		allocs := testing.AllocsPerRun(5, func() {
			for _, s := range ss {
				lex(s.src, emit)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run over the sample set", l.name, allocs)
		}
	}
}

// BenchmarkLexers lexes each language's sample set with the fast lexer and with chroma.
func BenchmarkLexers(b *testing.B) {
	all := samples(b)
	for _, l := range langs {
		ss := all[l.name]
		var size int64
		for _, s := range ss {
			size += int64(len(s.src))
		}
		b.Run(l.name+"/fast", func(b *testing.B) {
			lex := For(l.name)
			n := 0
			emit := func(_ chroma.TokenType, s string) { n += len(s) }
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range ss {
					lex(s.src, emit)
				}
			}
		})
		b.Run(l.name+"/chroma", func(b *testing.B) {
			cl := chroma.Coalesce(lexers.Get(l.chroma))
			n := 0
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range ss {
					it, err := cl.Tokenise(nil, s.src)
					if err != nil {
						b.Fatal(err)
					}
					for tok := it(); tok != chroma.EOF; tok = it() {
						n += len(tok.Value)
					}
				}
			}
		})
	}
}

// FuzzAgreesWithChroma is a differential fuzz target: for ASCII, LF-only
// input the fast lexer must produce chroma's exact token stream. Inputs in
// the known divergences are skipped: Go raw strings holding "{{" (the
// template sub-lexer is only approximated) and PostgreSQL dollar quotes
// (bodies in languages other than sql and plpgsql stay strings).
func FuzzAgreesWithChroma(f *testing.F) {
	for _, l := range langs {
		for _, s := range samples(f)[l.name] {
			if origin(s.name) == "testdata" {
				f.Add(l.name, s.src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, lang, src string) {
		i := slices.IndexFunc(langs, func(l language) bool { return l.name == lang })
		if i < 0 || len(src) > maxFuzzInput || lang == "go" && strings.Contains(src, "{{") || lang == "postgresql" && strings.Contains(src, "$") {
			return
		}
		for _, c := range []byte(src) {
			if c == '\r' || c >= 0x80 { // chroma rewrites CRLF; Unicode classes are approximated
				return
			}
		}
		if lang == "console" && !strings.HasSuffix(src, "\n") {
			return // chroma appends a newline
		}
		var want []token
		func() {
			defer func() { _ = recover() }() // chroma panics on some malformed input
			want = chromaTokens(t, langs[i].chroma, src)
		}()
		if want == nil || join(want) != src {
			return
		}
		if got := fastTokens(For(lang), src); !slices.Equal(got, want) {
			t.Fatalf("%s %q\nchroma %v\nfast   %v", lang, src, want, got)
		}
	})
}

// addChromaSamples adds chroma's own sample files (lexers/testdata in the
// module cache) of each test language, mapped to lexers as chroma's
// TestLexers does. Missing is an error under CI=true, else no samples.
func addChromaSamples(out map[string][]sample) error {
	files, err := lextest.ChromaSamples()
	if err != nil {
		if os.Getenv("CI") == "true" {
			return err
		}
		return nil
	}
	byChroma := map[string][]string{}
	for _, l := range langs {
		byChroma[l.chroma] = append(byChroma[l.chroma], l.name)
	}
	for _, f := range files {
		if f.Lexer == nil {
			continue
		}
		for _, ln := range byChroma[f.Lexer.Config().Name] {
			src, err := os.ReadFile(f.Path)
			if err != nil {
				return err
			}
			out[ln] = append(out[ln], sample{"chroma/" + filepath.ToSlash(f.Name), string(src)})
		}
	}
	return nil
}
