package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Alert is a GitHub-style alert: a blockquote opening with [!NOTE] and friends.
type Alert struct {
	ast.BaseBlock
	AlertType string // note, tip, important, warning, caution, internal
	// Start and End are the byte range of the whole quote in the body, from
	// the start of its first line to the end of its last (internal alerts).
	Start, End int
}

var KindAlert = ast.NewNodeKind("Alert")

func (n *Alert) Kind() ast.NodeKind { return KindAlert }
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Type": n.AlertType}, nil)
}

// Step is an h2 section of a manual: the heading and everything up to the next h2.
type Step struct {
	ast.BaseBlock
	Number   int // 0 for the rollback section, which is not numbered
	Rollback bool
}

var KindStep = ast.NewNodeKind("Step")

func (n *Step) Kind() ast.NodeKind { return KindStep }
func (n *Step) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

var alertRE = regexp.MustCompile(`(?i)^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION|INTERNAL)\]\s*$`)

// transformAlerts replaces qualifying blockquotes with Alert nodes.
func transformAlerts(doc ast.Node, src []byte) {
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		start, end := quoteSpan(q, src, first.Start)
		m := alertRE.FindSubmatch(bytes.TrimSpace(first.Value(src)))
		if m == nil {
			continue
		}
		// Drop the inline nodes of the marker line (up to its line break).
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			end := false
			if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
				end = true
			}
			p.RemoveChild(p, c)
			if end {
				break
			}
			c = next
		}
		if p.FirstChild() == nil {
			q.RemoveChild(q, p)
		}
		alert := &Alert{AlertType: strings.ToLower(string(m[1])), Start: start, End: end}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			alert.AppendChild(alert, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, alert)
	}
}

var rollbackRE = regexp.MustCompile(`(?i)\b(rollback|roll back|back out)\b|回滚|回退`)

// wrapSteps groups each top-level h2 and what follows it into a Step and
// returns how many numbered steps there are.
func wrapSteps(doc ast.Node, src []byte) int {
	var step *Step
	n := 0
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		if _, ok := c.(*east.FootnoteList); ok {
			break // footnotes belong to the whole page, not to the last step
		}
		if h, ok := c.(*ast.Heading); ok && h.Level <= 2 {
			step = nil
			if h.Level == 2 {
				step = &Step{}
				if rollbackRE.MatchString(inlineText(h, src, plainText)) {
					step.Rollback = true
				} else {
					n++
					step.Number = n
				}
				doc.InsertBefore(doc, c, step)
			}
		}
		if step != nil {
			step.AppendChild(step, c)
		}
		c = next
	}
	return n
}
