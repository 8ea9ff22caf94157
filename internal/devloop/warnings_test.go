package devloop

import (
	"fmt"
	"strings"
	"testing"

	"keel/internal/diag"
)

// TestServeWarningsOnce: the first build prints its warnings, a rebuild only
// the new ones and how many went away.
func TestServeWarningsOnce(t *testing.T) {
	var out []string
	logf := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	warn := func(paths ...string) diag.List {
		var l diag.List
		for _, p := range paths {
			l.Warnf(p, 1, 1, "unknown key")
		}
		return l
	}
	var l warningLog
	l.print(warn("a.md", "b.md"), logf)
	l.print(warn("a.md", "b.md"), logf)
	l.print(warn("a.md", "b.md"), logf)
	l.print(warn("a.md", "c.md"), logf)
	l.print(append(warn("a.md"), diag.Diagnostic{Path: "d.md", Severity: diag.Error, Message: "x"}), logf) // failed: the server prints it
	l.print(warn("a.md"), logf)
	want := []string{
		"a.md:1:1: warning: unknown key", "b.md:1:1: warning: unknown key",
		"c.md:1:1: warning: unknown key", "1 warning(s) fixed; 2 remain",
		"1 warning(s) fixed; 1 remain",
	}
	if strings.Join(out, "\n") != strings.Join(want, "\n") {
		t.Errorf("printed:\n%s\nwant:\n%s", strings.Join(out, "\n"), strings.Join(want, "\n"))
	}
}
