package render

import (
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"keel/internal/diag"
	"keel/internal/markdown"
	"keel/internal/meta"
	"keel/internal/site"
)

func (r *Renderer) funcs() template.FuncMap {
	fm := template.FuncMap{
		"t":             r.t,
		"tf":            func(key string, args ...any) string { return fmt.Sprintf(r.t(key), args...) },
		"asset":         r.asset,
		"decisionChain": r.decisionChain,
		"decisionGraph": r.decisionGraph,
		"abs":           r.abs,
		"alternates":    r.alternates,
		"otherLanguage": r.otherLanguage,
		"translations":  translations,
		"langTag":       func(l string) string { return cmpOr(languageTags[l], l) },
		"langName":      func(l string) string { return cmpOr(languageNames[l], l) },
		// absurl makes a site URL absolute when baseURL names a host.
		"absurl": func(u string) string {
			if markdown.IsExternal(u) {
				return u
			}
			return absURL(r.site, u)
		},
		"locale": func() string { return locales[r.messages["lang"]] },
		// date is a date as the page's language writes it (date.format:
		// 2026-11-18, 2026年11月18日); isodate is for datetime attributes.
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(cmpOr(r.messages["date.format"], time.DateOnly))
		},
		// due is a milestone's due date: a day as the language writes it, a
		// quarter (2027-Q1) as written.
		"due": func(m meta.Milestone) string {
			if len(m.Due) != len(time.DateOnly) || m.DueDate.IsZero() {
				return m.Due
			}
			return m.DueDate.Format(cmpOr(r.messages["date.format"], time.DateOnly))
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		},
		"kind":   func(k string) string { return r.t("kind." + k) },
		"status": func(s string) string { return r.t("status." + s) },
		"progress": func(p *site.Page) []int {
			done, total := p.Progress()
			return []int{done, total}
		},
		"percent": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return a * 100 / b
		},
		"groupByKind": site.GroupByKind,
		"body":        r.body,
		"join":        strings.Join,
		"add":         func(a, b int) int { return a + b },
		"json": func(v map[string]string) template.JS {
			// the search UI's strings, as a JSON object literal
			var b strings.Builder
			b.WriteString("{")
			first := true
			for _, k := range sortedKeys(v) {
				if !first {
					b.WriteString(",")
				}
				first = false
				b.WriteString(strconv.Quote(k) + ":" + strconv.Quote(v[k]))
			}
			b.WriteString("}")
			return template.JS(b.String())
		},
		"searchStrings": func() map[string]string { return r.prefixed("search.") },
		"uiStrings":     func() map[string]string { return r.prefixed("ui.") },
		"slug":          site.TermSlug, // the slug of a term page: templates link to them by name
		"team": func(name string) string { // a team's display name (keel.yaml teams:)
			if r.site == nil {
				return name
			}
			return r.site.TeamName(name)
		},
		"list": func(items ...string) []string { return items },
		"toc":  r.toc,
		"editURL": func(p *site.Page) string {
			repo := r.repository
			if repo == "" || p.Path == "" {
				return ""
			}
			// The source path as one URL path: a # or ? in a file name must not end it.
			return strings.TrimSuffix(repo, "/") + "/" + site.EscapePath(p.Path)
		},
		"overdue": func(s *site.Site, due time.Time, status string) bool {
			return status != "done" && !s.Now.IsZero() && s.Now.After(due)
		},
		"lang": func() string {
			if l := r.messages["lang"]; l != "" {
				return l
			}
			return "en"
		},
	}
	// Each view's templates get their own (newRenderer); these are for
	// the alias template, which shows neither.
	for k, f := range r.memoFuncs("alias", "alias") {
		fm[k] = f
	}
	return fm
}

// toc is the table of contents of a page: its h2 and h3 headings.
func (r *Renderer) toc(p *site.Page) []tocEntry {
	var out []tocEntry
	if p == nil || p.MD == nil {
		return nil
	}
	for _, h := range p.MD.Headings {
		if h.Level == 2 || h.Level == 3 {
			out = append(out, tocEntry{Level: h.Level, ID: h.ID, Text: h.Text})
		}
	}
	return out
}

// locales are Open Graph's names for the theme's languages.
var locales = map[string]string{"en": "en_US", "zh": "zh_CN", "zh-CN": "zh_CN", "zh-Hans": "zh_CN"}

type tocEntry struct {
	Level    int
	ID, Text string
}

var tmplErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError places a template parse or execution error at its own file and line.
func templateError(name string, err error) diag.Diagnostic {
	msg := err.Error()
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return diag.Errorf(m[1], line, col, "template: %s", m[4])
	}
	return diag.Errorf(name, 0, 0, "template: %s", strings.TrimPrefix(msg, "template: "))
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// prefixed returns the messages under a prefix, with the prefix removed.
func (r *Renderer) prefixed(prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range r.messages {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			out[rest] = v
		}
	}
	return out
}

// body is the HTML (links resolved) of the page being rendered, which exec
// fetched before running the template: a template never makes it, and
// shows no other page's, so the build needs only one page's HTML at a time.
func (r *Renderer) body(p *site.Page) (template.HTML, error) {
	if v, ok := r.rendering.Load(p); ok {
		return v.(template.HTML), nil
	}
	if p == nil {
		return "", errors.New("body of no page")
	}
	return "", fmt.Errorf("body of %s: a template shows the body of the page it renders only", p.ID)
}
