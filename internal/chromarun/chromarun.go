// Package chromarun runs chroma's own lexer rule tables faster than chroma
// does, with the same tokens. chroma compiles every rule with regexp2 (a
// backtracking .NET engine over []rune) and allocates the groups of every
// match; most rules are plain regular expressions, so this package compiles
// each one with Go's regexp when its meaning is identical there (see
// translate), keeps regexp2 for the rest, skips rules whose first byte
// cannot match, and replays chroma's state machine (RegexLexer's Iterator:
// rules in order, Push/Pop/Combined/Include, ByGroups/Using/UsingSelf,
// the error-token and newline-reset rules, EnsureNL, EnsureLF, Coalesce).
package chromarun

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Lexer runs one chroma RegexLexer.
type Lexer struct {
	cl     *chroma.RegexLexer
	cfg    *chroma.Config
	states map[string][]*rule
	index  map[string]int // state → its rules in table
	table  [][]*rule      // the run loop's states, by index
}

var cache sync.Map // *chroma.RegexLexer → *entry

// entry compiles a lexer once even when many pages ask for it at once.
type entry struct {
	once sync.Once
	x    *Lexer // nil: not runnable
}

// Exceptions are chroma lexers this engine must not run, with the reason
// (the differential test shows they differ, or why they cannot be proved).
var Exceptions = map[string]string{}

// For returns the engine for chroma lexer l (as lexers.Get returns it), or
// nil when l is not a RegexLexer whose rules it can replay exactly.
func For(l chroma.Lexer) *Lexer {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return nil
	}
	if _, bad := Exceptions[rl.Config().Name]; bad {
		return nil
	}
	return compiled(rl)
}

func compiled(rl *chroma.RegexLexer) *Lexer {
	v, ok := cache.Load(rl)
	if !ok {
		v, _ = cache.LoadOrStore(rl, &entry{})
	}
	e, _ := v.(*entry)
	e.once.Do(func() {
		if states, err := compileRules(rl); err == nil {
			e.x = newLexer(rl, states)
		}
	})
	return e.x
}

// newLexer numbers the states, so the run loop's stack holds indexes and
// not names to look up at every token; each push names its state's index
// (-1: no such state, which the loop reports when it gets there, as
// before).
func newLexer(rl *chroma.RegexLexer, states map[string][]*rule) *Lexer {
	x := &Lexer{cl: rl, cfg: rl.Config(), states: states, index: map[string]int{}}
	for _, name := range sortedNames(states) {
		x.index[name] = len(x.table)
		x.table = append(x.table, states[name])
	}
	for _, rules := range x.table {
		for _, r := range rules {
			for i := range r.mut {
				if o := &r.mut[i]; o.push != "" {
					o.to = -1
					if n, ok := x.index[o.push]; ok {
						o.to = n
					}
				}
			}
		}
	}
	return x
}

func sortedNames(states map[string][]*rule) []string {
	out := make([]string, 0, len(states))
	for s := range states {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Tokenise calls emit with the tokens chroma.Coalesce(l).Tokenise(nil, src)
// yields, in order; texts are sub-strings of src where chroma's are.
func (x *Lexer) Tokenise(src string, emit func(chroma.TokenType, string)) {
	if !utf8.ValidString(src) {
		// chroma turns invalid bytes into U+FFFD; leave that to it.
		it, err := chroma.Coalesce(x.cl).Tokenise(nil, src)
		if err != nil {
			panic(err)
		}
		for t := it(); t != chroma.EOF; t = it() {
			emit(t.Type, t.Value)
		}
		return
	}
	src, added := x.prepare(src)
	k := &sink{base: src, emit: emit}
	x.run(k, src, "root", added)
	k.flush()
}

// prepare applies what chroma's Tokenise does to top-level (not nested)
// text: EnsureLF, then EnsureNL, reporting whether a newline was added.
func (x *Lexer) prepare(src string) (string, bool) {
	src = ensureLF(src)
	if x.cfg.EnsureNL && !strings.HasSuffix(src, "\n") {
		return src + "\n", true
	}
	return src, false
}

// run is chroma's LexerState.Iterator over src from state; added: the last
// byte is EnsureNL's newline, which the loop does not lex on its own.
func (x *Lexer) run(k *sink, src, state string, added bool) {
	t := &text{s: src, ascii: isASCII(src)}
	end := len(src)
	if added {
		end--
	}
	start, ok := x.index[state]
	if !ok {
		panic("unknown state " + state)
	}
	var buf [16]int
	stack := append(buf[:0], start)
	var pushed *op // the push that put a -1 on the stack
	pos := 0
	for pos < end && len(stack) > 0 {
		cur := stack[len(stack)-1]
		if cur < 0 {
			panic("unknown state " + pushed.push)
		}
		r, loc := match(x.table[cur], t, pos)
		if loc == nil {
			if src[pos] == '\n' && cur != start {
				stack = append(stack[:0], start)
				continue
			}
			_, n := utf8.DecodeRuneInString(src[pos:])
			k.add(chroma.Error, src[pos:pos+n])
			pos += n
			continue
		}
		pos = loc[1]
		for i := range r.mut {
			switch o := &r.mut[i]; {
			case o.self:
				stack = append(stack, cur)
			case o.push != "":
				if o.to < 0 {
					pushed = o
				}
				stack = append(stack, o.to)
			default:
				stack = stack[:len(stack)-o.pop]
			}
		}
		if r.emit != nil {
			x.emitTokens(k, r.emit, t, loc)
		}
	}
	if pos != len(src) && len(stack) == 0 {
		k.add(chroma.Error, src[pos:])
	}
}

func match(rules []*rule, t *text, pos int) (*rule, []int) {
	c := t.s[pos]
	for _, r := range rules {
		r.load()
		if !r.anyByte && !r.first.has(c) {
			continue
		}
		if loc := r.match(t, pos); loc != nil {
			return r, loc
		}
	}
	return nil, nil
}

func group(t *text, loc []int, i int) string {
	if 2*i+1 >= len(loc) || loc[2*i] < 0 {
		return ""
	}
	return t.s[loc[2*i]:loc[2*i+1]]
}

// emitTokens is the Emit of chroma's emitters, loc the match's groups.
func (x *Lexer) emitTokens(k *sink, e *emitter, t *text, loc []int) {
	switch e.kind {
	case emitToken:
		k.add(e.tok, group(t, loc, 0))
	case emitGroups:
		if len(e.subs) != len(loc)/2-1 {
			k.add(chroma.Error, group(t, loc, 0))
			return
		}
		for i, sub := range e.subs {
			if sub != nil {
				x.emitTokens(k, sub, t, loc[2*(i+1):2*(i+2)])
			}
		}
	case emitUsing:
		l := lexers.GlobalLexerRegistry.Get(e.name)
		if l == nil {
			panic("no such lexer " + e.name)
		}
		runLexer(k, l, group(t, loc, 0), "root", true)
	case emitUsingSelf:
		x.run(k, group(t, loc, 0), e.name, false)
	case emitUsingByGroup:
		if len(e.subs) != len(loc)/2-1 {
			panic("UsingByGroup expects number of emitters to be the same as len(groups)-1")
		}
		sub := lexers.GlobalLexerRegistry.Get(group(t, loc, e.nameGroup))
		for i, se := range e.subs {
			if i == e.codeGroup-1 && sub != nil {
				runLexer(k, sub, group(t, loc, e.codeGroup), "root", false)
			} else if se != nil {
				x.emitTokens(k, se, t, loc[2*(i+1):2*(i+2)])
			}
		}
	}
}

// runLexer tokenises src with another lexer as chroma's Using (nested) and
// UsingByGroup (top-level options) do.
func runLexer(k *sink, l chroma.Lexer, src, state string, nested bool) {
	if rl, ok := l.(*chroma.RegexLexer); ok && utf8.ValidString(src) {
		if _, bad := Exceptions[rl.Config().Name]; !bad {
			if x := compiled(rl); x != nil {
				added := false
				if !nested {
					src, added = x.prepare(src)
				}
				x.run(k, src, state, added)
				return
			}
		}
	}
	opts := &chroma.TokeniseOptions{State: state, Nested: nested, EnsureLF: !nested}
	it, err := l.Tokenise(opts, src)
	if err != nil {
		panic(err)
	}
	for t := it(); t != chroma.EOF; t = it() {
		k.add(t.Type, t.Value)
	}
}

// ensureLF is chroma's: \r\n and lone \r become \n.
func ensureLF(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		b = append(b, c)
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
