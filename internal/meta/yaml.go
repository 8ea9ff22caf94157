package meta

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"keel/internal/diag"
)

// decoder turns yaml.Nodes into typed values, reporting every problem at the
// value's position in the file (line offset by where the YAML block starts).
type decoder struct {
	path   string
	offset int // file line of the YAML block's first line, minus one
	diags  *diag.List
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Errorf(d.path, n.Line+d.offset, n.Column, format, args...)
}

func (d *decoder) warnf(n *yaml.Node, format string, args ...any) {
	d.diags.Warnf(d.path, n.Line+d.offset, n.Column, format, args...)
}

var (
	yamlLineRE      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// parse reads a YAML document into its root mapping node. A syntax error is
// reported at its own line; nil means there is nothing to decode.
func (d *decoder) parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := 1, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			// yaml.v3 counts lines from 0 for parser errors and from 1 for
			// scanner errors; only the message tells them apart.
			if isParserError(msg) {
				line++
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		col := 1
		if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
			// yaml.v3 gives no position here: point at the first *name.
			if i := bytes.Index(src, []byte("*"+m[1])); i >= 0 {
				line = bytes.Count(src[:i], []byte("\n")) + 1
				col = utf8.RuneCount(src[bytes.LastIndexByte(src[:i], '\n')+1:i]) + 1
			}
		}
		d.diags.Errorf(d.path, line+d.offset, col, "invalid YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "front matter must be a mapping of keys to values, got %s", describe(root))
		return nil
	}
	return root
}

// isParserError reports the problems yaml.v3's parser (not its scanner) raises.
func isParserError(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
		"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
		"found incompatible YAML document", "found undefined tag handle":
		return true
	}
	return false
}

// pairs yields a mapping's key/value nodes and reports duplicate keys.
func (d *decoder) pairs(m *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, resolveAlias(v))
	}
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "a number (" + n.Value + ")"
		case "!!bool":
			return "a boolean (" + n.Value + ")"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

func (d *decoder) str(key string, n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be text, got %s", key, describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) strList(key string, n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		// A single value where a list is expected is a common slip; accept it.
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list, got %s", key, describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if s, ok := d.str(key+" item", resolveAlias(item)); ok {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) refList(key string, n *yaml.Node) []Ref {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []Ref{{Target: n.Value, Line: n.Line + d.offset, Col: n.Column}}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list of page references, got %s", key, describe(n))
		return nil
	}
	var out []Ref
	for _, item := range n.Content {
		item = resolveAlias(item)
		if s, ok := d.str(key+" item", item); ok {
			out = append(out, Ref{Target: s, Line: item.Line + d.offset, Col: item.Column})
		}
	}
	return out
}

func (d *decoder) boolean(key string, n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		v, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return v
	}
	d.errorf(n, "%s must be true or false, got %s", key, describe(n))
	return false
}

func (d *decoder) integer(key string, n *yaml.Node) int {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v
		}
	}
	d.errorf(n, "%s must be a whole number, got %s", key, describe(n))
	return 0
}

func (d *decoder) enum(key string, n *yaml.Node, allowed []string) string {
	s, ok := d.str(key, n)
	if !ok {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	d.errorf(n, "%s must be one of %s, got %q%s", key, strings.Join(allowed, ", "), s, didYouMean(s, allowed))
	return ""
}

// date accepts YYYY-MM-DD (and a full RFC 3339 timestamp, cut to its day).
func (d *decoder) date(key string, n *yaml.Node) time.Time {
	s, ok := d.str(key, n)
	if !ok {
		return time.Time{}
	}
	t, err := ParseDate(s)
	if err != nil {
		d.errorf(n, "%s: %v", key, err)
		return time.Time{}
	}
	return t
}

// ParseDate parses YYYY-MM-DD or an RFC 3339 timestamp into a UTC day.
// Years outside MinYear–MaxYear are refused: they are typos (0202 for 2026),
// and every view must be able to place any date keel accepts.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, checkYear(s, t)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		y, m, dd := t.Date()
		t = time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		return t, checkYear(s, t)
	}
	return time.Time{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
}

// The years a date may fall in.
const (
	MinYear = 1900
	MaxYear = 2200
)

// checkYear refuses a date outside MinYear–MaxYear.
func checkYear(s string, t time.Time) error {
	if y := t.Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("%q is outside the years %d–%d; is the year mistyped?", s, MinYear, MaxYear)
	}
	return nil
}

// Period is a review interval such as 90d, 6w, 6m or 1y.
type Period struct {
	Days, Months int
}

func (p Period) IsZero() bool { return p.Days == 0 && p.Months == 0 }

// After returns t moved forward by the period.
func (p Period) After(t time.Time) time.Time { return t.AddDate(0, p.Months, p.Days) }

var periodRE = regexp.MustCompile(`^([1-9][0-9]{0,3})([dwmy])$`)

func ParsePeriod(s string) (Period, error) {
	m := periodRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Period{}, errors.New("write a number and a unit: 90d, 6w, 6m or 1y")
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "d":
		return Period{Days: n}, nil
	case "w":
		return Period{Days: 7 * n}, nil
	case "m":
		return Period{Months: n}, nil
	}
	return Period{Months: 12 * n}, nil
}

// didYouMean suggests the closest candidate within a small edit distance.
func didYouMean(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if dist := diag.EditDistance(strings.ToLower(s), c); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
