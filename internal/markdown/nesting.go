package markdown

import (
	"bytes"
	"reflect"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxNesting bounds how deep lists, block quotes, footnotes and definitions
// may nest. goldmark re-checks every open container on every line, so the
// cost of a line grows with its depth times its indentation: 1,000 nested list
// levels take seconds and 4,000 take minutes. No real page nests anywhere
// near this deep; a deeper container is left as plain text and reported.
const MaxNesting = 32

// tooDeep holds the source offset of the first container refused for depth.
var tooDeep = parser.NewContextKey()

// limitNesting is a parser option that wraps every container block parser
// (including those of extensions) so it refuses to open beyond MaxNesting.
// It must be added after the extensions have registered their parsers.
type limitNesting struct{}

func (limitNesting) SetParserOption(c *parser.Config) {
	// the block parsers whose nodes hold other blocks
	containerParsers := []reflect.Type{
		reflect.TypeOf(parser.NewListParser()),
		reflect.TypeOf(parser.NewListItemParser()),
		reflect.TypeOf(parser.NewBlockquoteParser()),
		reflect.TypeOf(extension.NewFootnoteBlockParser()),
		reflect.TypeOf(extension.NewDefinitionListParser()),
		reflect.TypeOf(extension.NewDefinitionDescriptionParser()),
	}
	for i, v := range c.BlockParsers {
		for _, t := range containerParsers {
			if reflect.TypeOf(v.Value) == t {
				c.BlockParsers[i] = util.Prioritized(depthLimited{v.Value.(parser.BlockParser)}, v.Priority)
			}
		}
	}
}

type depthLimited struct{ parser.BlockParser }

func (p depthLimited) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if depth(parent) >= MaxNesting {
		if pc.Get(tooDeep) == nil {
			_, seg := reader.PeekLine()
			pc.Set(tooDeep, seg.Start+max(pc.BlockOffset(), 0))
		}
		return nil, parser.NoChildren
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// depth counts the nesting levels above a new block: list items, quotes,
// footnotes and definitions, not the list wrappers around items.
func depth(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindDocument, ast.KindList, east.KindDefinitionList:
		default:
			d++
		}
	}
	return d
}

// MaxRefRun bounds link reference definitions in one paragraph: goldmark
// re-slices the paragraph after each one, so 40,000 in a row take seconds and
// 800,000 (an 8 MB file) would take hours.
const MaxRefRun = 1000

// longRefRun returns the first line of a run of more than MaxRefRun lines that
// look like reference definitions ("[x]: …", also inside quotes and lists)
// with no blank line between them, or 0.
func longRefRun(body []byte) int {
	start, defs := 0, 0
	for line, rest := 1, body; len(rest) > 0; line++ {
		l, next, _ := bytes.Cut(rest, []byte("\n"))
		rest = next
		l = bytes.TrimLeft(l, " \t>")
		if len(l) == 0 {
			defs = 0
			continue
		}
		if l[0] == '[' && bytes.Contains(l, []byte("]:")) {
			if defs == 0 {
				start = line
			}
			if defs++; defs > MaxRefRun {
				return start
			}
		}
	}
	return 0
}
