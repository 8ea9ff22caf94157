package markdown

import (
	"strings"
	"testing"
)

// Deep nesting is refused past MaxNesting with one positioned error, the text
// stays on the page, and shallow nesting is untouched.
func TestNestingLimit(t *testing.T) {
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- x\n")
		}
		return b.String()
	}
	cases := []struct {
		name, body string
		diag       string // "" for none
	}{
		{"32 quotes", strings.Repeat(">", 32) + " deepest\n", ""},
		{"33 quotes", strings.Repeat(">", 33) + " deepest\n",
			"a.md:3:33: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text"},
		{"10,000 quotes", strings.Repeat(">", 10000) + " deepest\n",
			"a.md:3:33: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text"},
		{"10,000 list items on one line", strings.Repeat("- ", 10000) + "deepest\n",
			"a.md:3:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text"},
		{"32 indented list levels", indented(32) + "  deepest\n", ""},
		{"600 indented list levels", indented(600) + "deepest\n",
			"a.md:35:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text"},
		{"quotes inside lists count together", strings.Repeat("- > ", 20) + "deepest\n",
			"a.md:3:65: error: lists or block quotes nest more than 32 levels deep; deeper levels are shown as plain text"},
	}
	c := New(Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, diags := c.Convert("a.md", []byte(tc.body), 3, 0)
			var got strings.Builder
			diags.WriteText(&got)
			if strings.TrimSpace(got.String()) != tc.diag {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got.String(), tc.diag)
			}
			if !strings.Contains(string(res.HTML), "deepest") {
				t.Error("the deepest text is missing from the page")
			}
		})
	}
}

// Long runs of reference definitions are refused before goldmark spends
// quadratic time on them; the same definitions in groups are fine.
func TestRefRunLimit(t *testing.T) {
	defs := func(n int, sep string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("[r" + itoa(i) + "]: /x.md\n" + sep)
		}
		return b.String()
	}
	const msg = "error: more than 1000 link reference definitions ([name]: url) without a blank line; put blank lines between groups (such runs take quadratic time to parse)"
	cases := []struct {
		name, body string
		diag       string
	}{
		{"1000 in a row", "Intro.\n\n" + defs(1000, ""), ""},
		{"1001 in a row", "Intro.\n\n" + defs(1001, ""), "a.md:5:1: " + msg},
		{"2000 in groups", defs(2000, "\n"), ""},
		{"1001 in a quote", "> " + strings.ReplaceAll(defs(1001, ""), "\n", "\n> "), "a.md:3:1: " + msg},
		{"with title lines between", "x\n\n" + strings.ReplaceAll(defs(1001, ""), "\n", "\n  'title'\n"), "a.md:5:1: " + msg},
	}
	c := New(Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := c.Convert("a.md", []byte(tc.body), 3, 0)
			var got strings.Builder
			diags.WriteText(&got)
			if strings.TrimSpace(got.String()) != tc.diag {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got.String(), tc.diag)
			}
		})
	}
}
