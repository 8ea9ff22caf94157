package diagram

import (
	"regexp"
	"strings"
)

// seqActor is one participant of a sequence diagram.
type seqActor struct {
	id, label string
	person    bool
	spans     []string // open activations, innermost last
	nspans    int
}

type seqWriter struct {
	actors  map[string]*seqActor
	order   []string
	b       strings.Builder
	indent  string
	number  int // autonumber: the next message's number (0: off)
	groups  int
	notes   int
	blocks  []string // open loop/alt/opt, innermost last
	closeAt []int    // how many braces each open block holds
}

var (
	participantRe = regexp.MustCompile(`^(participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$`)
	messageRe     = regexp.MustCompile(`^([^\s:+<>-][^:<>]*?)\s*(<<-->>|<<->>|-->>|->>|--x|-x|--\)|-\)|-->|->)\s*([+-]?)\s*([^:+-][^:]*?)\s*(?::(.*))?$`)
	noteRe        = regexp.MustCompile(`^(?i:note)\s+(left of|right of|over)\s+([^:]+?)\s*:(.*)$`)
)

func translateSequence(lines []string, first int) (string, []Problem) {
	_, stmts := statements(lines, first)
	w := &seqWriter{actors: map[string]*seqActor{}}
	// Actors first: D2 wants every actor declared at the top, in order.
	for _, s := range stmts {
		if m := participantRe.FindStringSubmatch(s.text); m != nil {
			w.actor(strings.TrimSpace(m[2]), m[3], m[1] == "actor")
		} else if m := messageRe.FindStringSubmatch(s.text); m != nil {
			w.actor(strings.TrimSpace(m[1]), "", false)
			w.actor(strings.TrimSpace(m[4]), "", false)
		}
	}
	w.b.WriteString("shape: sequence_diagram\n")
	for _, id := range w.order {
		a := w.actors[id]
		w.b.WriteString(d2Key(id) + ": " + d2String(a.label))
		if a.person {
			w.b.WriteString(" {shape: person}")
		}
		w.b.WriteByte('\n')
	}
	for _, s := range stmts {
		if p := w.statement(s); p != nil {
			return "", p
		}
	}
	if len(w.blocks) > 0 {
		return "", outside(len(lines), 1, "`"+w.blocks[len(w.blocks)-1]+"` without `end`")
	}
	return w.b.String(), nil
}

func (w *seqWriter) actor(id, label string, person bool) {
	label = strings.TrimSpace(label)
	if a := w.actors[id]; a != nil {
		if label != "" {
			a.label = unquote(label)
		}
		a.person = a.person || person
		return
	}
	if label == "" {
		label = id
	}
	w.actors[id] = &seqActor{id: id, label: unquote(label), person: person}
	w.order = append(w.order, id)
}

// at is an actor's endpoint: its innermost open activation, if any.
func (w *seqWriter) at(id string) string {
	a := w.actors[id]
	if len(a.spans) == 0 {
		return d2Key(id)
	}
	return d2Key(id) + "." + a.spans[len(a.spans)-1]
}

func (w *seqWriter) activate(id string) {
	a := w.actors[id]
	a.nspans++
	a.spans = append(a.spans, "active"+itoa(a.nspans))
}

func (w *seqWriter) deactivate(id string) bool {
	a := w.actors[id]
	if a == nil || len(a.spans) == 0 {
		return false
	}
	a.spans = a.spans[:len(a.spans)-1]
	return true
}

func (w *seqWriter) statement(s statement) []Problem {
	word, rest, _ := strings.Cut(s.text, " ")
	rest = strings.TrimSpace(rest)
	switch word {
	case "participant", "actor":
		return nil // declared above
	case "autonumber":
		if rest != "" {
			return outside(s.line, s.col, "`autonumber` with arguments")
		}
		w.number = 1
		return nil
	case "activate", "deactivate":
		if w.actors[rest] == nil {
			return outside(s.line, s.col, "`"+word+"` of an unknown participant `"+rest+"`")
		}
		if word == "activate" {
			w.activate(rest)
		} else if !w.deactivate(rest) {
			return outside(s.line, s.col, "`deactivate "+rest+"` without an activation")
		}
		return nil
	case "loop", "opt", "alt":
		w.open(word, rest)
		return nil
	case "else":
		return w.elseBranch(s, rest)
	case "end":
		return w.end(s)
	case "par", "and", "critical", "option", "break", "rect", "box", "create", "destroy", "link", "links", "title":
		return outside(s.line, s.col, "`"+word+"`")
	}
	if m := noteRe.FindStringSubmatch(s.text); m != nil {
		return w.note(s, m)
	}
	if m := messageRe.FindStringSubmatch(s.text); m != nil {
		return w.message(s, m)
	}
	return outside(s.line, s.col, "syntax `"+s.text+"`")
}

// open starts a loop, opt or alt frame.
func (w *seqWriter) open(word, rest string) {
	w.groups++
	key := word + itoa(w.groups)
	if word == "alt" {
		// One frame for the alt, one inside it for each branch.
		w.line(key + ": " + d2String("alt") + " {")
		w.indent += "  "
		w.groups++
		w.line(word + itoa(w.groups) + ": " + d2String("["+rest+"]") + " {")
		w.blocks = append(w.blocks, word)
		w.closeAt = append(w.closeAt, 2)
	} else {
		w.line(key + ": " + d2String(strings.TrimSpace(word+" "+rest)) + " {")
		w.blocks = append(w.blocks, word)
		w.closeAt = append(w.closeAt, 1)
	}
	w.indent += "  "
}

// elseBranch closes an alt's branch and opens the next.
func (w *seqWriter) elseBranch(s statement, rest string) []Problem {
	if len(w.blocks) == 0 || w.blocks[len(w.blocks)-1] != "alt" {
		return outside(s.line, s.col, "`else` outside `alt`")
	}
	w.indent = w.indent[2:]
	w.line("}")
	w.groups++
	w.line("else" + itoa(w.groups) + ": " + d2String("[else "+rest+"]") + " {")
	w.indent += "  "
	return nil
}

// end closes the innermost frame.
func (w *seqWriter) end(s statement) []Problem {
	if len(w.blocks) == 0 {
		return outside(s.line, s.col, "`end` without a block")
	}
	for range w.closeAt[len(w.closeAt)-1] {
		w.indent = w.indent[2:]
		w.line("}")
	}
	w.blocks, w.closeAt = w.blocks[:len(w.blocks)-1], w.closeAt[:len(w.closeAt)-1]
	return nil
}

// note writes a note (noteRe's match m) on a participant.
func (w *seqWriter) note(s statement, m []string) []Problem {
	if len(w.blocks) > 0 {
		// D2 cannot lay out a note inside a group.
		return outside(s.line, s.col, "note inside `"+w.blocks[len(w.blocks)-1]+"`")
	}
	who := strings.Split(m[2], ",")
	id := strings.TrimSpace(who[0])
	if w.actors[id] == nil {
		return outside(s.line, s.col, "note on an unknown participant `"+id+"`")
	}
	w.notes++
	w.line(d2Key(id) + ".note" + itoa(w.notes) + ": " + d2String(unquote(m[3])))
	return nil
}

// message writes a message (messageRe's match m) between participants.
func (w *seqWriter) message(s statement, m []string) []Problem {
	from, arrow, mark, to := strings.TrimSpace(m[1]), m[2], m[3], strings.TrimSpace(m[4])
	if mark == "+" {
		w.activate(to)
	}
	src, dst := w.at(from), w.at(to)
	if mark == "-" && !w.deactivate(from) {
		return outside(s.line, s.col, "deactivation of `"+from+"` without an activation")
	}
	op := "->"
	if arrow == "->" || arrow == "-->" {
		op = "--"
	} else if strings.HasPrefix(arrow, "<<") {
		op = "<->"
	}
	label := strings.TrimSpace(m[5])
	if w.number > 0 {
		label = strings.TrimSpace(itoa(w.number) + ". " + label)
		w.number++
	}
	line := src + " " + op + " " + dst
	if label != "" {
		line += ": " + d2String(unquote(label))
	}
	var attrs []string
	if strings.Contains(arrow, "--") {
		attrs = append(attrs, "style.stroke-dash: 3")
	}
	switch {
	case strings.HasSuffix(arrow, "x"):
		attrs = append(attrs, "target-arrowhead.shape: cross")
	case strings.HasSuffix(arrow, ")"):
		attrs = append(attrs, "target-arrowhead.shape: arrow")
	}
	if len(attrs) > 0 {
		line += " {" + strings.Join(attrs, "; ") + "}"
	}
	w.line(line)
	return nil
}

func (w *seqWriter) line(s string) {
	w.b.WriteString(w.indent + s + "\n")
}
