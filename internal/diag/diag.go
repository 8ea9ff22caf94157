// Package diag is the one diagnostic type every stage reports with:
// a position, a severity and a message, printed as path:line:col: severity: message.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Severity orders how bad a diagnostic is.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one problem found in the site. Path is slash-separated and
// relative to the site root; Line and Col are 1-based (0 when unknown).
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Message  string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, d.Message)
	return b.String()
}

// Errorf and Warnf build a diagnostic at a position.
func Errorf(path string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

func Warnf(path string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// List collects diagnostics from a stage.
type List []Diagnostic

func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	l.Add(Errorf(path, line, col, format, args...))
}

func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	l.Add(Warnf(path, line, col, format, args...))
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Sort orders by path, line, column, then message, and drops exact duplicates,
// so output never depends on the order stages ran in.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(l)
}

// WriteText prints one diagnostic per line.
func (l List) WriteText(w io.Writer) error {
	for _, d := range l {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}

type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// WriteJSON prints one JSON object per line (JSON Lines), for CI annotations and editors.
func (l List) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, d := range l {
		if err := enc.Encode(jsonDiag{d.Path, d.Line, d.Col, d.Severity.String(), d.Message}); err != nil {
			return err
		}
	}
	return nil
}
