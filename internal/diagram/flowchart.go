package diagram

import (
	"regexp"
	"strings"
)

// flowchart is a parsed Mermaid flowchart.
type flowchart struct {
	direction string
	nodes     map[string]*fnode
	order     []string // node ids in order of first appearance
	groups    []*fgroup
	root      *fgroup
	edges     []fedge
	pending   fedge // the arrow read before the next node group
}

type fnode struct {
	id, label, shape string
	double           bool // subroutine: a double border
	group            *fgroup
}

type fgroup struct {
	id, title, direction string
	line, col            int
	parent               *fgroup
	children             []*fgroup
	nodes                []string
}

type fedge struct {
	from, to    string
	label       string
	dash, thick bool
	arrow, back bool   // arrowhead at the target, at the source
	head        string // D2 arrowhead shape at the target ("" = default)
}

var mermaidDirections = map[string]string{"TB": "down", "TD": "down", "BT": "up", "LR": "right", "RL": "left"}

func translateFlowchart(lines []string, first int) (string, []Problem) {
	header, stmts := statements(lines, first)
	f := &flowchart{nodes: map[string]*fnode{}}
	f.root = &fgroup{}
	fields := strings.Fields(header.text)
	if len(fields) > 1 {
		d, ok := mermaidDirections[strings.ToUpper(fields[1])]
		if !ok || len(fields) > 2 {
			return "", outside(header.line, header.col, "flowchart header `"+header.text+"`")
		}
		f.direction = d
	}
	cur := f.root
	for _, s := range stmts {
		word, rest, _ := strings.Cut(s.text, " ")
		rest = strings.TrimSpace(rest)
		switch word {
		case "subgraph":
			g := &fgroup{parent: cur, line: s.line, col: s.col}
			id, title := rest, rest
			if i := strings.IndexAny(rest, "[\""); i > 0 && strings.HasSuffix(rest, "]") {
				id, title = strings.TrimSpace(rest[:i]), strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rest[i:]), "["), "]")
			}
			if id == "" {
				return "", outside(s.line, s.col, "subgraph without a name")
			}
			if strings.ContainsAny(id, " \"") {
				id = "subgraph" + itoa(len(f.groups)+1)
			}
			g.id, g.title = id, unquote(title)
			cur.children = append(cur.children, g)
			f.groups = append(f.groups, g)
			cur = g
			continue
		case "end":
			if cur == f.root {
				return "", outside(s.line, s.col, "`end` without a subgraph")
			}
			cur = cur.parent
			continue
		case "direction":
			d, ok := mermaidDirections[strings.ToUpper(rest)]
			if !ok {
				return "", outside(s.line, s.col, "direction `"+rest+"`")
			}
			if cur == f.root {
				f.direction = d
			} else {
				cur.direction = d
			}
			continue
		case "classDef", "class", "style", "linkStyle", "click", "accTitle", "accDescr", "accTitle:", "accDescr:":
			return "", outside(s.line, s.col, "`"+word+"`")
		}
		if p := f.chain(s, cur); p != nil {
			return "", p
		}
	}
	if cur != f.root {
		return "", outside(cur.line, cur.col, "subgraph `"+cur.id+"` without `end`")
	}
	if len(f.order) == 0 && len(f.groups) == 0 {
		return "", []Problem{{Line: header.line, Col: header.col, Warning: true, Msg: "mermaid flowchart without nodes; the block is shown as code"}}
	}
	return f.d2(), nil
}

var (
	idRe = regexp.MustCompile(`^[\p{L}\p{N}_]+`)
	// Arrows, longest first. Labeled forms: -- text -->, == text ==>, -. text .->
	labeledRe = []*regexp.Regexp{
		regexp.MustCompile(`^(<?)--\s+(.+?)\s+(-{2,}[>ox]|-{3,})`),
		regexp.MustCompile(`^(<?)==\s+(.+?)\s+(={2,}[>ox]|={3,})`),
		regexp.MustCompile(`^(<?)-\.\s*(.+?)\s*(\.-[>ox]|\.-)`),
	}
	arrowRe   = regexp.MustCompile(`^(<?)(-{2,}[>ox]|-{3,}|={2,}[>ox]|={3,}|-\.+-[>ox]?)`)
	pipeRe    = regexp.MustCompile(`^\|([^|]*)\|`)
	trapezoid = regexp.MustCompile(`^\[(/[^\]]*\\|\\[^\]]*/)\]`)
)

// chain parses `A[x] --> B & C -- label --- D` and records nodes and edges.
func (f *flowchart) chain(s statement, g *fgroup) []Problem {
	text := s.text
	at := func() int { return s.col + len(s.text) - len(text) }
	var prev []string
	for {
		text = strings.TrimLeft(text, " \t")
		var group []string
		for {
			text = strings.TrimLeft(text, " \t")
			id, rest, p := f.node(text, g, s.line, at())
			if p != nil {
				return p
			}
			group = append(group, id)
			text = strings.TrimLeft(rest, " \t")
			if !strings.HasPrefix(text, "&") {
				break
			}
			text = text[1:]
		}
		if prev != nil {
			for _, a := range prev {
				for _, b := range group {
					e := f.pending
					e.from, e.to = a, b
					f.edges = append(f.edges, e)
				}
			}
		}
		if text == "" {
			return nil
		}
		e, rest, ok := parseArrow(text)
		if !ok {
			return outside(s.line, at(), "syntax `"+text+"`")
		}
		f.pending = e
		text = rest
		prev = group
	}
}

func parseArrow(text string) (fedge, string, bool) {
	var e fedge
	var back, body string
	if m := arrowRe.FindStringSubmatch(text); m != nil {
		back, body = m[1], m[2]
		text = text[len(m[0]):]
		if p := pipeRe.FindStringSubmatch(strings.TrimLeft(text, " ")); p != nil {
			e.label = unquote(p[1])
			text = strings.TrimLeft(text, " ")[len(p[0]):]
		}
	} else {
		found := false
		for _, re := range labeledRe {
			if m := re.FindStringSubmatch(text); m != nil {
				back, e.label, body = m[1], unquote(m[2]), m[3]
				if strings.HasPrefix(m[0][len(back):], "-.") {
					body = "-" + body // dotted
				} else if strings.HasPrefix(m[0][len(back):], "==") {
					body = "=" + body
				}
				text = text[len(m[0]):]
				found = true
				break
			}
		}
		if !found {
			return e, "", false
		}
	}
	e.back = back == "<"
	e.dash = strings.Contains(body, ".")
	e.thick = strings.HasPrefix(body, "=")
	switch body[len(body)-1] {
	case '>':
		e.arrow = true
	case 'o':
		e.arrow, e.head = true, "circle"
	case 'x':
		e.arrow, e.head = true, "cross"
	}
	return e, text, true
}

// shapes: Mermaid's delimiters, longest first, and the D2 shape.
var shapes = []struct{ open, close, shape string }{
	{"(((", ")))", "circle"},
	{"((", "))", "circle"},
	{"([", "])", "oval"},
	{"[(", ")]", "cylinder"},
	{"[[", "]]", "subroutine"},
	{"[/", "/]", "parallelogram"},
	{`[\`, `\]`, "parallelogram"},
	{"{{", "}}", "hexagon"},
	{"{", "}", "diamond"},
	{"(", ")", "rectangle-round"},
	{"[", "]", "rectangle"},
	{">", "]", "step"},
}

// node parses one node reference with an optional shape and label.
func (f *flowchart) node(text string, g *fgroup, line, col int) (string, string, []Problem) {
	id := idRe.FindString(text)
	if id == "" {
		return "", "", outside(line, col, "syntax `"+text+"`")
	}
	rest := text[len(id):]
	n := f.nodes[id]
	if n == nil {
		if sg := f.group(id); sg == nil {
			n = &fnode{id: id, label: id, shape: "rectangle", group: g}
			f.nodes[id] = n
			f.order = append(f.order, id)
			g.nodes = append(g.nodes, id)
		}
	} else if n.group == f.root && g != f.root {
		// A node mentioned first at the top and then inside a subgraph
		// belongs to the subgraph, as in Mermaid.
		f.root.nodes = slicesDelete(f.root.nodes, id)
		n.group = g
		g.nodes = append(g.nodes, id)
	}
	if strings.HasPrefix(rest, ":::") {
		return "", "", outside(line, col+len(id), "class shorthand `:::`")
	}
	if trapezoid.MatchString(rest) {
		return "", "", outside(line, col, "trapezoid node")
	}
	for _, sh := range shapes {
		if !strings.HasPrefix(rest, sh.open) {
			continue
		}
		if n == nil {
			return "", "", outside(line, col, "shape on subgraph `"+id+"`")
		}
		body := rest[len(sh.open):]
		var label string
		if strings.HasPrefix(body, `"`) {
			end := strings.Index(body[1:], `"`)
			if end < 0 || !strings.HasPrefix(body[end+2:], sh.close) {
				return "", "", outside(line, col, "node `"+text+"`")
			}
			label, rest = body[1:end+1], body[end+2+len(sh.close):]
		} else {
			end := strings.Index(body, sh.close)
			if end < 0 {
				return "", "", outside(line, col, "node shape `"+text+"`")
			}
			label, rest = body[:end], body[end+len(sh.close):]
		}
		if strings.HasPrefix(strings.TrimSpace(label), "`") {
			return "", "", outside(line, col, "Markdown string label")
		}
		n.label, n.shape = unquote(label), sh.shape
		if sh.shape == "subroutine" {
			n.shape, n.double = "rectangle", true
		}
		if sh.open == "(((" {
			n.double = true
		}
		break
	}
	return id, rest, nil
}

func (f *flowchart) group(id string) *fgroup {
	for _, g := range f.groups {
		if g.id == id {
			return g
		}
	}
	return nil
}

// path is the D2 path of a node or subgraph id.
func (f *flowchart) path(id string) string {
	var g *fgroup
	last := d2Key(id)
	if n := f.nodes[id]; n != nil {
		g = n.group
	} else if sg := f.group(id); sg != nil {
		g = sg.parent
	}
	parts := []string{last}
	for ; g != nil && g != f.root; g = g.parent {
		parts = append([]string{d2Key(g.id)}, parts...)
	}
	return strings.Join(parts, ".")
}

func (f *flowchart) d2() string {
	var b strings.Builder
	if f.direction != "" {
		b.WriteString("direction: " + f.direction + "\n")
	}
	f.writeGroup(&b, f.root, "")
	for _, e := range f.edges {
		op := "--"
		switch {
		case e.arrow && e.back:
			op = "<->"
		case e.arrow:
			op = "->"
		case e.back:
			op = "<-"
		}
		b.WriteString(f.path(e.from) + " " + op + " " + f.path(e.to))
		if e.label != "" {
			b.WriteString(": " + d2String(e.label))
		}
		var attrs []string
		if e.dash {
			attrs = append(attrs, "style.stroke-dash: 3")
		}
		if e.thick {
			attrs = append(attrs, "style.stroke-width: 4")
		}
		if e.head != "" {
			attrs = append(attrs, "target-arrowhead.shape: "+e.head)
			if e.back {
				attrs = append(attrs, "source-arrowhead.shape: "+e.head)
			}
		}
		if len(attrs) > 0 {
			b.WriteString(" {" + strings.Join(attrs, "; ") + "}")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (f *flowchart) writeGroup(b *strings.Builder, g *fgroup, indent string) {
	for _, id := range g.nodes {
		n := f.nodes[id]
		b.WriteString(indent + d2Key(id) + ": " + d2String(n.label))
		var attrs []string
		switch n.shape {
		case "rectangle":
		case "rectangle-round":
			attrs = append(attrs, "style.border-radius: 8")
		default:
			attrs = append(attrs, "shape: "+n.shape)
		}
		if n.double {
			attrs = append(attrs, "style.double-border: true")
		}
		if len(attrs) > 0 {
			b.WriteString(" {" + strings.Join(attrs, "; ") + "}")
		}
		b.WriteByte('\n')
	}
	for _, c := range g.children {
		b.WriteString(indent + d2Key(c.id) + ": " + d2String(c.title) + " {\n")
		if c.direction != "" {
			b.WriteString(indent + "  direction: " + c.direction + "\n")
		}
		f.writeGroup(b, c, indent+"  ")
		b.WriteString(indent + "}\n")
	}
}

func slicesDelete(s []string, v string) []string {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}
