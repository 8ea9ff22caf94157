package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// TaskLabel wraps a task-list item's checkbox and the inline text after it,
// so the item renders as a real <label>: clicking the text toggles the box.
type TaskLabel struct {
	ast.BaseInline
}

var KindTaskLabel = ast.NewNodeKind("TaskLabel")

func (n *TaskLabel) Kind() ast.NodeKind { return KindTaskLabel }
func (n *TaskLabel) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// wrapTaskLabels moves each task checkbox and its following siblings (the
// item's first line of text; nested lists are blocks, so they stay out)
// into a TaskLabel.
func wrapTaskLabels(doc ast.Node) {
	var boxes []*east.TaskCheckBox
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*east.TaskCheckBox); ok && entering {
			boxes = append(boxes, b)
		}
		return ast.WalkContinue, nil
	})
	for _, box := range boxes {
		parent := box.Parent()
		if parent == nil {
			continue
		}
		label := &TaskLabel{}
		for n := ast.Node(box); n != nil; {
			next := n.NextSibling()
			parent.RemoveChild(parent, n)
			label.AppendChild(label, n)
			n = next
		}
		parent.AppendChild(parent, label)
	}
}

func (r *nodeRenderer) taskLabel(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(`<label class="task">`)
	} else {
		w.WriteString(`</label>`)
	}
	return ast.WalkContinue, nil
}
