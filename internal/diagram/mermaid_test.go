package diagram

import (
	"strings"
	"testing"
)

func TestFromMermaid(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"direction and plain nodes", "graph LR\n  A --> B\n", "direction: right\nA: \"A\"\nB: \"B\"\nA -> B\n"},
		{"default direction, statements split by ;", "flowchart\nA-->B; B-->C", "A: \"A\"\nB: \"B\"\nC: \"C\"\nA -> B\nB -> C\n"},
		{"TD is down, BT up, RL left", "flowchart TD\nA", "direction: down\nA: \"A\"\n"},
		{"BT", "graph BT\nA", "direction: up\nA: \"A\"\n"},
		{"comments are dropped", "flowchart LR\n%% a comment\nA --> B %% trailing\n", "direction: right\nA: \"A\"\nB: \"B\"\nA -> B\n"},
		{"node shapes", "flowchart LR\n" +
			"a[rect] --> b(round) --> c([stadium]) --> d[[sub]] --> e[(db)]\n" +
			"f((circle)) --> g{decide} --> h{{hex}} --> i[/lean/] --> j>flag] --> k(((double)))\n",
			"direction: right\n" +
				"a: \"rect\"\n" +
				"b: \"round\" {style.border-radius: 8}\n" +
				"c: \"stadium\" {shape: oval}\n" +
				"d: \"sub\" {style.double-border: true}\n" +
				"e: \"db\" {shape: cylinder}\n" +
				"f: \"circle\" {shape: circle}\n" +
				"g: \"decide\" {shape: diamond}\n" +
				"h: \"hex\" {shape: hexagon}\n" +
				"i: \"lean\" {shape: parallelogram}\n" +
				"j: \"flag\" {shape: step}\n" +
				"k: \"double\" {shape: circle; style.double-border: true}\n" +
				"a -> b\nb -> c\nc -> d\nd -> e\nf -> g\ng -> h\nh -> i\ni -> j\nj -> k\n"},
		{"quoted labels keep brackets, quotes and $ are escaped", "flowchart LR\nA[\"Pay [v2] $5 #quot;now#quot;\"]",
			"direction: right\nA: \"Pay [v2] \\$5 \\\"now\\\"\"\n"},
		{"edge styles", "flowchart LR\nA --- B\nA -.-> C\nA ==> D\nA --o E\nA --x F\nA <--> G\nA -.- H\nA === I\n",
			"direction: right\nA: \"A\"\nB: \"B\"\nC: \"C\"\nD: \"D\"\nE: \"E\"\nF: \"F\"\nG: \"G\"\nH: \"H\"\nI: \"I\"\n" +
				"A -- B\n" +
				"A -> C {style.stroke-dash: 3}\n" +
				"A -> D {style.stroke-width: 4}\n" +
				"A -> E {target-arrowhead.shape: circle}\n" +
				"A -> F {target-arrowhead.shape: cross}\n" +
				"A <-> G\n" +
				"A -- H {style.stroke-dash: 3}\n" +
				"A -- I {style.stroke-width: 4}\n"},
		{"edge labels in every form", "flowchart LR\nA -->|yes| B\nA -- no --> C\nA -. maybe .-> D\nA == sure ==> E\n",
			"direction: right\nA: \"A\"\nB: \"B\"\nC: \"C\"\nD: \"D\"\nE: \"E\"\n" +
				"A -> B: \"yes\"\nA -> C: \"no\"\nA -> D: \"maybe\" {style.stroke-dash: 3}\nA -> E: \"sure\" {style.stroke-width: 4}\n"},
		{"& fans out", "flowchart LR\nA & B --> C & D\n", "direction: right\nA: \"A\"\nB: \"B\"\nC: \"C\"\nD: \"D\"\nA -> C\nA -> D\nB -> C\nB -> D\n"},
		{"subgraphs nest; edges use paths; a node first seen outside moves in", "flowchart TB\nX --> B\nsubgraph zone [Clinical zone]\n  direction LR\n  B\n  subgraph inner\n    C --> D\n  end\nend\nX --> inner\n",
			"direction: down\nX: \"X\"\nzone: \"Clinical zone\" {\n  direction: right\n  B: \"B\"\n  inner: \"inner\" {\n    C: \"C\"\n    D: \"D\"\n  }\n}\n" +
				"X -> zone.B\nzone.inner.C -> zone.inner.D\nX -> zone.inner\n"},
		{"D2 keywords as ids are quoted", "graph LR\nshape --> label\n", "direction: right\n\"shape\": \"shape\"\n\"label\": \"label\"\n\"shape\" -> \"label\"\n"},
		{"sequence: participants, actors, every arrow", "sequenceDiagram\n" +
			"participant A as Alice\nactor B\n" +
			"A->B: solid\nA-->B: dotted\nA->>B: arrow\nA-->>B: dotted arrow\nA-xB: cross\nA--xB: dotted cross\nA-)B: async\nA--)B: dotted async\nA<<->>B: both\n",
			"shape: sequence_diagram\nA: \"Alice\"\nB: \"B\" {shape: person}\n" +
				"A -- B: \"solid\"\n" +
				"A -- B: \"dotted\" {style.stroke-dash: 3}\n" +
				"A -> B: \"arrow\"\n" +
				"A -> B: \"dotted arrow\" {style.stroke-dash: 3}\n" +
				"A -> B: \"cross\" {target-arrowhead.shape: cross}\n" +
				"A -> B: \"dotted cross\" {style.stroke-dash: 3; target-arrowhead.shape: cross}\n" +
				"A -> B: \"async\" {target-arrowhead.shape: arrow}\n" +
				"A -> B: \"dotted async\" {style.stroke-dash: 3; target-arrowhead.shape: arrow}\n" +
				"A <-> B: \"both\"\n"},
		{"sequence: undeclared participants in order, notes, autonumber", "sequenceDiagram\nautonumber\nP->>G: hi\nNote right of G: checks token\nNote over P,G: TLS\nG-->>P: ok\n",
			"shape: sequence_diagram\nP: \"P\"\nG: \"G\"\nP -> G: \"1. hi\"\nG.note1: \"checks token\"\nP.note2: \"TLS\"\nG -> P: \"2. ok\" {style.stroke-dash: 3}\n"},
		{"sequence: activations by + and - and by statement", "sequenceDiagram\nA->>+B: call\nB-->>-A: back\nactivate A\nA->>B: again\ndeactivate A\nA->>B: after\n",
			"shape: sequence_diagram\nA: \"A\"\nB: \"B\"\nA -> B.active1: \"call\"\nB.active1 -> A: \"back\" {style.stroke-dash: 3}\nA.active1 -> B: \"again\"\nA -> B: \"after\"\n"},
		{"sequence: loop, opt, alt/else", "sequenceDiagram\nA->>B: x\nloop every minute\n  A->>B: ping\nend\nopt cached\n  B->>A: hit\nend\nalt ok\n  B->>A: 200\nelse expired\n  B->>A: 401\nend\n",
			"shape: sequence_diagram\nA: \"A\"\nB: \"B\"\nA -> B: \"x\"\n" +
				"loop1: \"loop every minute\" {\n  A -> B: \"ping\"\n}\n" +
				"opt2: \"opt cached\" {\n  B -> A: \"hit\"\n}\n" +
				"alt3: \"alt\" {\n  alt4: \"[ok]\" {\n    B -> A: \"200\"\n  }\n  else5: \"[else expired]\" {\n    B -> A: \"401\"\n  }\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := FromMermaid(tt.in)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// Anything outside the subset is a warning at its own line and column, and
// no translation (the block is shown as code).
func TestFromMermaidOutsideSubset(t *testing.T) {
	tests := []struct {
		name, in  string
		line, col int
		msg       string
	}{
		{"other diagram type", "%% plan\ngantt\n  title Plan\n", 2, 1, "mermaid `gantt` is not rendered at build time"},
		{"class diagram", "  classDiagram\n", 1, 3, "mermaid `classDiagram` is not rendered"},
		{"styles", "flowchart LR\nA --> B\n  style A fill:#f9f\n", 3, 3, "mermaid `style` is outside the subset"},
		{"class shorthand", "flowchart LR\nA:::hot --> B\n", 2, 2, "class shorthand"},
		{"trapezoid", "flowchart LR\nA[/trap\\]\n", 2, 1, "trapezoid"},
		{"invisible link", "flowchart LR\nA ~~~ B\n", 2, 3, "syntax `~~~ B`"},
		{"unclosed subgraph", "flowchart LR\nsubgraph s\nA\n", 2, 1, "without `end`"},
		{"par block", "sequenceDiagram\nA->>B: x\npar both\nend\n", 3, 1, "mermaid `par` is outside the subset"},
		{"unknown statement", "sequenceDiagram\nA->>B: x\n  A something B\n", 3, 3, "syntax `A something B`"},
		{"note inside a block", "sequenceDiagram\nloop l\n  A->>B: x\n  Note over A: n\nend\n", 4, 3, "note inside `loop`"},
		{"deactivate without activation", "sequenceDiagram\nA->>B: x\ndeactivate B\n", 3, 1, "without an activation"},
		{"empty", "\n\n", 1, 1, "empty mermaid block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := FromMermaid(tt.in)
			if got != "" {
				t.Errorf("translated, want shown as code:\n%s", got)
			}
			if len(probs) != 1 {
				t.Fatalf("problems = %v, want one", probs)
			}
			p := probs[0]
			if !p.Warning || p.Line != tt.line || p.Col != tt.col || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got %d:%d warning=%v %q, want %d:%d warning %q", p.Line, p.Col, p.Warning, p.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

func FuzzFromMermaid(f *testing.F) {
	for _, s := range []string{
		"flowchart LR\nA[x] -->|y| B{z}\nsubgraph s [t]\nC((c)) -.-> D\nend\n",
		"graph TD\nA & B ==> C -- l --- D\n%% c\n",
		"sequenceDiagram\nautonumber\nactor A as Al\nA->>+B: x\nloop l\nB-->>-A: y\nend\nalt a\nA-xB: z\nelse b\nend\nNote over A,B: n\n",
		"flowchart LR\nA[\"q\\\"\"] --> B([s]) --> C[(d)]\n",
		"pie\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d2, probs := FromMermaid(src)
		if (d2 == "") == (len(probs) == 0) {
			t.Fatalf("want exactly one of a translation or a problem: %q %v", d2, probs)
		}
		lines := strings.Count(src, "\n") + 1
		for _, p := range probs {
			if p.Line < 1 || p.Line > lines || p.Col < 1 {
				t.Fatalf("problem outside the block: %+v (%d lines)", p, lines)
			}
		}
	})
}
