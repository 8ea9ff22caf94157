package chromarun

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"regexp/syntax"
	"sort"
	"sync"
	"time"
	"unsafe"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
)

// rule is one compiled chroma rule: an RE2 program when the pattern has an
// identical RE2 form, else chroma's own regexp2 pattern.
type rule struct {
	pattern string
	goSrc   string         // the pattern in RE2's syntax, when it means the same there
	goOK    bool           // goSrc is set: RE2 (or fast) runs the rule, not regexp2
	re      *regexp.Regexp // \A-anchored goSrc, compiled by program on first use
	ctx     *regexp.Regexp // the same preceded by the previous character, for looksBack
	fast    *fast          // a matcher of the same pattern without RE2, for a few shapes
	prog    sync.Once      // program: re and ctx compiled
	props   props
	first   byteSet
	anyByte bool // the pattern can match empty: no first-byte filter
	groups  bool // the emitter reads groups beyond the whole match

	flags string    // chroma's flags for the lexer ("m", "i", "s")
	once  sync.Once // load: compiled on first use

	re2src  string
	re2once sync.Once
	re2     *regexp2.Regexp
	re2err  error

	emit *emitter
	mut  []op
}

// op is one stack operation of a mutator.
type op struct {
	push string // state to push
	to   int    // push's index in Lexer.table (-1: none such)
	pop  int    // states to pop
	self bool   // push the current state (chroma's Push())
}

const (
	emitToken = iota
	emitGroups
	emitUsing
	emitUsingSelf
	emitUsingByGroup
)

type emitter struct {
	kind      int
	tok       chroma.TokenType
	subs      []*emitter // emitGroups, emitUsingByGroup (nil entries emit nothing)
	name      string     // emitUsing: lexer; emitUsingSelf: state
	nameGroup int
	codeGroup int
}

// regexp2 compiles chroma's own pattern of the rule on first use. A pattern
// regexp2 refuses, or whose groups and emitters differ (chroma refuses the
// lexer then), is broken: an error, and the rule never matches.
func (r *rule) regexp2() (*regexp2.Regexp, error) {
	r.re2once.Do(func() {
		r.re2, r.re2err = regexp2.Compile(r.re2src)
		if r.re2 == nil {
			return
		}
		r.re2.MatchTimeout = 250 * time.Millisecond // chroma's
		if r.emit != nil && r.emit.kind == emitGroups && len(r.re2.GetGroupNumbers())-1 != len(r.emit.subs) {
			r.re2err = errGroups
		}
	})
	return r.re2, r.re2err
}

var errGroups = errors.New("ByGroups: as many emitters as groups expected")

// compileRules expands chroma's Include and Combined the way chroma does
// when it compiles a lexer (by calling their MutateLexer on a private copy)
// and compiles every rule.
func compileRules(cl *chroma.RegexLexer) (map[string][]*rule, error) {
	raw, err := rawRules(cl)
	if err != nil {
		return nil, err
	}
	cr := chroma.CompiledRules{}
	for state, rules := range raw {
		for _, r := range rules {
			cr[state] = append(cr[state], &chroma.CompiledRule{Rule: r})
		}
	}
restart:
	for _, state := range sortedStates(cr) {
		for i, r := range cr[state] {
			if lm, ok := r.Mutator.(chroma.LexerMutator); ok {
				if err := lm.MutateLexer(cr, state, i); err != nil {
					return nil, err
				}
				goto restart
			}
		}
	}
	cfg := cl.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	byChroma := map[*chroma.CompiledRule]*rule{}
	out := map[string][]*rule{}
	for _, state := range sortedStates(cr) {
		for _, c := range cr[state] {
			r, ok := byChroma[c]
			if !ok {
				if r, err = compileRule(c.Rule, flags); err != nil {
					return nil, fmt.Errorf("%s: state %s: %w", cfg.Name, state, err)
				}
				byChroma[c] = r
			}
			out[state] = append(out[state], r)
		}
	}
	return out, nil
}

// rawRules are the lexer's rules as Rules returns them, without chroma
// compiling every pattern with regexp2 first (Rules does, before it returns
// them): the engine compiles its own, and regexp2 only for the patterns RE2
// cannot run. That was half the cost of a fence language used once.
// chroma keeps the function that makes the rules unexported; when it is not
// where chroma v2.27 has it, or the lexer has no such function, Rules does.
func rawRules(cl *chroma.RegexLexer) (chroma.Rules, error) {
	f := reflect.ValueOf(cl).Elem().FieldByName("fetchRulesFunc")
	if !f.IsValid() || f.Type() != reflect.TypeFor[func() (chroma.Rules, error)]() {
		return cl.Rules()
	}
	fetch := *(*func() (chroma.Rules, error))(unsafe.Pointer(f.UnsafeAddr()))
	if fetch == nil {
		return cl.Rules()
	}
	rules, err := fetch()
	if err != nil {
		return nil, err
	}
	if _, ok := rules["root"]; !ok {
		return nil, fmt.Errorf("%s: no \"root\" state", cl.Config().Name)
	}
	return rules, nil
}

func sortedStates(cr chroma.CompiledRules) []string {
	out := make([]string, 0, len(cr))
	for s := range cr {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func compileRule(cr chroma.Rule, flags string) (*rule, error) {
	r := &rule{pattern: cr.Pattern, flags: flags, anyByte: true}
	r.re2src = `\G` + "(?:" + cr.Pattern + ")"
	if flags != "" {
		r.re2src = `\G(?` + flags + ")(?:" + cr.Pattern + ")"
	}
	var err error
	if r.emit, err = convertEmitter(cr.Type); err != nil {
		return nil, err
	}
	if r.mut, err = convertMutator(cr.Mutator); err != nil {
		return nil, err
	}
	r.groups = r.emit != nil && (r.emit.kind == emitGroups || r.emit.kind == emitUsingByGroup)
	return r, nil
}

// load compiles the rule's pattern the first time the engine tries it: a
// fence language used once tries a fraction of its lexer's rules, and
// compiling them all was most of the cost of such a block.
func (r *rule) load() { r.once.Do(r.compile) }

// compile decides, the first time the engine tries the rule, whether RE2
// runs it: when the pattern means the same in RE2 it keeps RE2's form
// (goSrc), its first bytes and properties and, for a few shapes, a fast
// matcher; else it leaves the rule to chroma's regexp2 pattern (compiled
// only then: chroma's own compile of every pattern is skipped, rawRules).
// The RE2 program itself waits for the first call that needs it (program):
// a rule with a fast matcher never needs one, and most rules of a state
// never get past their first-byte filter. chroma compiles and validates
// every pattern of the lexers it ships, which TestChromaAcceptsEveryLexer
// checks, so no pattern fails here; one that did would never match.
func (r *rule) compile() {
	body, err := translate(r.pattern)
	if err != nil {
		r.withRegexp2()
		return
	}
	goSrc := "(?:" + body + ")"
	if r.flags != "" {
		goSrc = "(?" + r.flags + ")" + goSrc
	}
	tree, err := syntax.Parse(goSrc, syntax.Perl)
	if err != nil {
		r.withRegexp2()
		return
	}
	analyse(tree, &r.props)
	if r.props.endText || r.props.emptyLoop || r.emit != nil && r.emit.kind == emitGroups && tree.MaxCap() != len(r.emit.subs) {
		r.withRegexp2()
		return
	}
	r.goSrc, r.goOK = goSrc, true
	r.fast = newFast(r.pattern, r.flags, tree)
	r.first, r.anyByte = first(tree.Simplify())
}

// program compiles the rule's RE2 program (and its look-behind twin) once,
// reporting whether it has one. regexp.Compile accepts what syntax.Parse
// accepted (compile checked that), so false does not happen with chroma's
// lexers (TestChromaAcceptsEveryLexer); a rule it did happen to would run
// on regexp2, whose matches RE2's first-byte set describes as well.
func (r *rule) program() bool {
	r.prog.Do(func() {
		re, err := regexp.Compile(`\A` + r.goSrc)
		if err != nil {
			return
		}
		if r.props.looksBack {
			if r.ctx, err = regexp.Compile(`\A(?s:.)` + r.goSrc); err != nil {
				r.ctx = nil
				return
			}
		}
		r.re = re
	})
	return r.re != nil
}

// withRegexp2 leaves the rule to chroma's regexp2 pattern, compiled when
// the rule is first tried at a byte its filter (looseFirst) lets through.
func (r *rule) withRegexp2() {
	r.goOK, r.fast, r.anyByte = false, nil, true
	if s, ok := looseFirst(r.pattern, r.flags); ok {
		r.first, r.anyByte = s, false
	}
}

// convertEmitter reads chroma's serialisable emitters into the engine's own
// form; emitters that are opaque functions are refused.
func convertEmitter(e chroma.Emitter) (*emitter, error) {
	if e == nil {
		return nil, nil
	}
	if t, ok := e.(chroma.TokenType); ok {
		return &emitter{kind: emitToken, tok: t}, nil
	}
	se, ok := e.(chroma.SerialisableEmitter)
	if !ok {
		return nil, fmt.Errorf("opaque emitter %T", e)
	}
	v := reflect.ValueOf(se)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	field := func(name string) reflect.Value {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		return v.FieldByName(name)
	}
	out := &emitter{}
	switch se.EmitterKind() {
	case "bygroups":
		out.kind = emitGroups
	case "usingbygroup":
		out.kind = emitUsingByGroup
		ng, cg := field("SublexerNameGroup"), field("CodeGroup")
		if !ng.IsValid() || !cg.IsValid() {
			return nil, fmt.Errorf("unreadable %T", e)
		}
		out.nameGroup, out.codeGroup = int(ng.Int()), int(cg.Int())
	case "using":
		f := field("Lexer")
		if !f.IsValid() || f.Kind() != reflect.String {
			return nil, fmt.Errorf("unreadable %T", e)
		}
		return &emitter{kind: emitUsing, name: f.String()}, nil
	case "usingself":
		f := field("State")
		if !f.IsValid() || f.Kind() != reflect.String {
			return nil, fmt.Errorf("unreadable %T", e)
		}
		return &emitter{kind: emitUsingSelf, name: f.String()}, nil
	default:
		return nil, fmt.Errorf("emitter kind %q", se.EmitterKind())
	}
	f := field("Emitters")
	if !f.IsValid() {
		return nil, fmt.Errorf("unreadable %T", e)
	}
	subs, ok := f.Interface().(chroma.Emitters)
	if !ok {
		return nil, fmt.Errorf("unreadable %T", e)
	}
	for _, s := range subs {
		c, err := convertEmitter(s)
		if err != nil {
			return nil, err
		}
		out.subs = append(out.subs, c)
	}
	return out, nil
}

// convertMutator flattens chroma's Push, Pop and Mutators into stack ops.
func convertMutator(m chroma.Mutator) ([]op, error) {
	if m == nil {
		return nil, nil
	}
	sm, ok := m.(chroma.SerialisableMutator)
	if !ok {
		return nil, fmt.Errorf("opaque mutator %T", m)
	}
	v := reflect.ValueOf(sm)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("unreadable %T", m)
	}
	switch sm.MutatorKind() {
	case "push":
		states, ok := v.FieldByName("States").Interface().([]string)
		if !ok {
			return nil, fmt.Errorf("unreadable %T", m)
		}
		if len(states) == 0 {
			return []op{{self: true}}, nil
		}
		var ops []op
		for _, s := range states {
			if s == "#pop" {
				ops = append(ops, op{pop: 1})
			} else {
				ops = append(ops, op{push: s})
			}
		}
		return ops, nil
	case "pop":
		d := v.FieldByName("Depth")
		if !d.IsValid() || d.Kind() != reflect.Int {
			return nil, fmt.Errorf("unreadable %T", m)
		}
		return []op{{pop: int(d.Int())}}, nil
	case "mutators":
		ms, ok := v.FieldByName("Mutators").Interface().([]chroma.Mutator)
		if !ok {
			return nil, fmt.Errorf("unreadable %T", m)
		}
		var ops []op
		for _, sub := range ms {
			o, err := convertMutator(sub)
			if err != nil {
				return nil, err
			}
			ops = append(ops, o...)
		}
		return ops, nil
	}
	return nil, fmt.Errorf("mutator kind %q", sm.MutatorKind())
}
