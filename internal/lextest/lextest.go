// Package lextest holds what the lexer tests of fastlex and chromarun share:
// the fenced code blocks of a Markdown file and chroma's own sample files,
// the real text both compare their tokens with chroma's on. Only tests
// import it.
package lextest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Fence is one fenced code block: its language and its code.
type Fence struct{ Lang, Code string }

// Fences extracts the unindented ``` blocks of md, as the portal and the
// corpus write them.
func Fences(md string) []Fence {
	var out []Fence
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
		out = append(out, Fence{lang, b.String()})
	}
	return out
}

// SampleFile is one of chroma's sample files and the lexer chroma's
// TestLexers runs on it (nil when chroma has none by that name).
type SampleFile struct {
	Lexer chroma.Lexer
	Path  string
	Name  string // the path inside chroma's lexers/testdata
}

// ChromaSamples lists chroma's lexers/testdata in the module cache (real
// files of each language, the ones chroma's own tests use), mapped to
// lexers as chroma's TestLexers does: <lexer>.actual, or <lexer>/*.actual.
// It is an error when the folder cannot be found.
func ChromaSamples() ([]SampleFile, error) {
	b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	dir := filepath.Join(strings.TrimSpace(string(b)), "lexers", "testdata")
	if _, serr := os.Stat(dir); err != nil || serr != nil {
		return nil, fmt.Errorf("chroma's testdata not found (%q): %v %v", dir, err, serr)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []SampleFile
	add := func(l chroma.Lexer, path string) {
		out = append(out, SampleFile{l, path, strings.TrimPrefix(path, dir+string(filepath.Separator))})
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == "analysis": // inputs of chroma's language guessing, not of one lexer
		case e.IsDir():
			l := lexers.Get(name)
			subs, _ := filepath.Glob(filepath.Join(dir, name, "*.actual"))
			for _, s := range subs {
				add(l, s)
			}
		case strings.HasSuffix(name, ".actual"):
			add(lexers.Get(strings.Split(strings.TrimSuffix(name, ".actual"), ".")[0]), filepath.Join(dir, name))
		}
	}
	return out, nil
}
