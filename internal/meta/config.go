package meta

import (
	"cmp"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"keel/internal/diag"
)

// Config is keel.yaml. Every field is optional: zero config works.
type Config struct {
	Title       string
	Description string
	BaseURL     string // absolute URL or path; BasePath is derived from it
	BasePath    string // always starts and ends with "/"
	Language    string // en or zh: picks the theme's UI strings
	// Languages, when keel.yaml lists more than one, makes the site
	// multilingual: the first is the default (today's URLs), page.zh.md is
	// page.md in zh, published under /zh/. Nil for a one-language site.
	Languages  []string
	Repository string // edit URL prefix, e.g. https://git.example.com/portal/-/edit/main/
	Audience   string // site-wide default audience for pages that set none
	HTML       string // markdown.html: sanitize (default), escape or unsafe
	Links      string // links: error (default) or warn: broken links fail the build or are warnings
	Copyright  string
	Teams      []Team // teams: display names and descriptions, in file order
	// Editor is the URL template of keel serve's error links: {path}
	// (absolute), {line} and {col} are filled in.
	Editor string
	// Image is the site-wide share-card image (Open Graph, Twitter): a path
	// on the site ("/img/card.png", content/ or static/) or a URL.
	Image    Ref
	Internal Edition // editions.internal
	Public   Edition // editions.public
	// Translations are keel.yaml's own text in the other languages of a
	// multilingual site (translations: {zh: {copyright: …, teams: …}}).
	Translations map[string]Localized
	// TagNames are display names of tags in this language (translations.<lang>.tags
	// applied by In): a tag keeps one name in pages and URLs, shown as 数据安全.
	TagNames map[string]string
}

// Localized is what a language other than the default says instead of the
// default's keel.yaml text; an empty field keeps the default's.
type Localized struct {
	Title, Description, Copyright string
	Teams                         []Team            // by key: a name or description replaces the default's
	Tags                          map[string]string // tag as pages write it → its name in this language
}

// In is the configuration of one language: the default's with that
// language's translations: applied (title, description, copyright and team
// names), and Language set to it.
func (c Config) In(lang string) Config {
	out := c
	out.Language = lang
	tr, ok := c.Translations[lang]
	if !ok {
		return out
	}
	out.Title = cmp.Or(tr.Title, c.Title)
	out.Description = cmp.Or(tr.Description, c.Description)
	out.Copyright = cmp.Or(tr.Copyright, c.Copyright)
	out.TagNames = tr.Tags
	out.Teams = slices.Clone(c.Teams)
	for _, t := range tr.Teams {
		i := slices.IndexFunc(out.Teams, func(d Team) bool { return d.Key == t.Key })
		if i < 0 {
			out.Teams = append(out.Teams, t)
			continue
		}
		out.Teams[i].Name = cmp.Or(t.Name, out.Teams[i].Name)
		out.Teams[i].Description = cmp.Or(t.Description, out.Teams[i].Description)
	}
	return out
}

// Edition says what one edition publishes beyond its pages: which
// generated views, and whether people's names (the owner field) appear.
type Edition struct {
	Views  []string
	People bool
}

// Team describes one value of the teams taxonomy (keel.yaml teams:<key>).
type Team struct {
	Key         string // as written in pages' teams: lists
	Name        string // display name; the key when empty
	Description string
}

// DefaultEditor opens VS Code at the problem.
const DefaultEditor = "vscode://file/{path}:{line}:{col}"

var configKeys = []string{"title", "description", "baseURL", "language", "languages", "repository", "audience", "markdown", "copyright", "links", "teams", "editor", "image", "editions", "translations"}

// Languages are the languages the theme has UI strings for.
var Languages = []string{"en", "zh"}

// HTMLModes are the values of markdown.html.
var HTMLModes = []string{"sanitize", "escape", "unsafe"}

// Views are the generated views an edition may publish.
var Views = []string{"board", "roadmap", "teams", "owners", "tags", "stale"}

// Shows reports whether the edition publishes a generated view.
func (e Edition) Shows(view string) bool {
	for _, v := range e.Views {
		if v == view {
			return true
		}
	}
	return false
}

// Edition is the settings of the internal or the public edition.
func (c Config) Edition(audience string) Edition {
	if audience == "public" {
		return c.Public
	}
	return c.Internal
}

// DefaultConfig is what a site without keel.yaml gets. The public edition
// shows no staff names, no owner pages and no review list by default.
func DefaultConfig() Config {
	return Config{Title: "keel", BasePath: "/", Language: "en", Audience: "internal", HTML: "sanitize", Links: "error", Editor: DefaultEditor,
		Internal: Edition{Views: Views, People: true},
		Public:   Edition{Views: []string{"board", "roadmap", "teams", "tags"}}}
}

// DecodeConfig reads keel.yaml (nil data means no file).
func DecodeConfig(data []byte) (Config, diag.List) {
	c := DefaultConfig()
	var diags diag.List
	if data == nil {
		return c, diags
	}
	d := &decoder{path: "keel.yaml", diags: &diags}
	root := d.parse(data)
	if root == nil {
		return c, diags
	}
	var langs langState
	d.pairs(root, func(key string, k, v *yaml.Node) { d.configKey(&c, &langs, key, k, v) })
	d.finishLangs(&c, langs)
	if langs.translations != nil {
		d.translations(&c, langs.translations)
	}
	return c, diags
}

// langState is what language: and languages: set, checked once both are read.
type langState struct {
	node         *yaml.Node // language:, if given
	set          bool       // languages: listed at least one
	translations *yaml.Node // translations:, read once languages: is known
}

// translations decodes translations: {zh: {title, description, copyright,
// teams}}; each language must be one of languages: other than the default.
func (d *decoder) translations(c *Config, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "translations must be a mapping of language to {title, description, copyright, teams}, got %s", describe(v))
		return
	}
	fields := []string{"title", "description", "copyright", "teams", "tags"}
	d.pairs(v, func(lang string, lk, lv *yaml.Node) {
		switch {
		case len(c.Languages) < 2:
			d.errorf(lk, "translations: %s: the site has one language; list it in languages: (e.g. languages: [en, %s])", lang, lang)
			return
		case lang == c.Languages[0]:
			d.errorf(lk, "translations: %s is the default language, whose text is keel.yaml's own; remove translations.%s", lang, lang)
			return
		case !slices.Contains(c.Languages, lang):
			d.errorf(lk, "translations: %q is not in languages: [%s]", lang, strings.Join(c.Languages, ", "))
			return
		}
		if lv.Kind != yaml.MappingNode {
			d.errorf(lv, "translations.%s must be a mapping (%s), got %s", lang, strings.Join(fields, ", "), describe(lv))
			return
		}
		var tr Localized
		d.pairs(lv, func(key string, k, v *yaml.Node) {
			name := "translations." + lang + "." + key
			switch key {
			case "title":
				tr.Title, _ = d.str(name, v)
			case "description":
				tr.Description, _ = d.str(name, v)
			case "copyright":
				tr.Copyright, _ = d.str(name, v)
			case "teams":
				tr.Teams = d.teams(v)
			case "tags":
				tr.Tags = d.tagNames(name, v)
			default:
				d.warnf(k, "unknown key %s%s", name, didYouMean(key, fields))
			}
		})
		if c.Translations == nil {
			c.Translations = map[string]Localized{}
		}
		c.Translations[lang] = tr
	})
}

func (d *decoder) finishLangs(c *Config, ls langState) {
	if !ls.set {
		return
	}
	if ls.node != nil && c.Language != c.Languages[0] {
		d.errorf(ls.node, "language %q differs from the first of languages (%s), which is the default language; remove language:", c.Language, c.Languages[0])
	}
	c.Language = c.Languages[0]
	if len(c.Languages) == 1 {
		c.Languages = nil // one language: a plain site
	}
}

// configKey reads one top-level key of keel.yaml into c.
func (d *decoder) configKey(c *Config, ls *langState, key string, k, v *yaml.Node) {
	switch key {
	case "title":
		c.Title, _ = d.str(key, v)
	case "description":
		c.Description, _ = d.str(key, v)
	case "copyright":
		c.Copyright, _ = d.str(key, v)
	case "baseURL":
		if s, ok := d.str(key, v); ok {
			if err := c.SetBaseURL(s); err != "" {
				d.errorf(v, "baseURL %q: %s", s, err)
			}
		}
	case "language":
		ls.node = v
		c.Language = d.enum(key, v, []string{"en", "zh"})
		if c.Language == "" {
			c.Language = "en"
		}
	case "languages":
		d.languages(c, ls, key, v)
	case "editor":
		if s, ok := d.checked(key, v, checkEditor); ok {
			c.Editor = s
		}
	case "repository":
		if s, ok := d.checked(key, v, CheckWebURL); ok {
			c.Repository = s
		}
	case "audience":
		if a := d.enum(key, v, Audiences); a != "" {
			c.Audience = a
		}
	case "image":
		if s, ok := d.str(key, v); ok {
			c.Image = Ref{Target: s, Line: v.Line, Col: v.Column}
		}
	case "editions":
		d.editions(v, c)
	case "links":
		if l := d.enum(key, v, []string{"error", "warn"}); l != "" {
			c.Links = l
		}
	case "markdown":
		d.markdownOptions(c, v)
	case "teams":
		c.Teams = d.teams(v)
	case "translations":
		ls.translations = v
	default:
		d.warnf(k, "unknown key %q in keel.yaml%s", key, didYouMean(key, configKeys))
	}
}

// checked is a string value that check finds nothing wrong with (else an
// error is reported and ok is false).
func (d *decoder) checked(key string, v *yaml.Node, check func(string) string) (string, bool) {
	s, ok := d.str(key, v)
	if !ok {
		return "", false
	}
	if msg := check(s); msg != "" {
		d.errorf(v, "%s %q: %s", key, s, msg)
		return "", false
	}
	return s, true
}

func (d *decoder) languages(c *Config, ls *langState, key string, v *yaml.Node) {
	c.Languages = nil
	for _, l := range d.strList(key, v) {
		switch {
		case !slices.Contains(Languages, l):
			d.errorf(v, "languages: %q is not a language keel has UI strings for (%s)", l, strings.Join(Languages, ", "))
		case slices.Contains(c.Languages, l):
			d.errorf(v, "languages: %q is listed twice", l)
		default:
			c.Languages = append(c.Languages, l)
		}
	}
	if len(c.Languages) > 0 {
		ls.set = true
	}
}

func (d *decoder) markdownOptions(c *Config, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "markdown must be a mapping (e.g. html: sanitize), got %s", describe(v))
		return
	}
	html := false
	d.pairs(v, func(key string, k, v *yaml.Node) {
		switch key {
		case "html":
			if m := d.enum("markdown.html", v, HTMLModes); m != "" {
				c.HTML, html = m, true
			}
		case "unsafe": // before markdown.html: true meant unsafe, false escape
			if b := d.boolean("markdown.unsafe", v); !html {
				c.HTML = map[bool]string{true: "unsafe", false: "escape"}[b]
			}
		default:
			d.warnf(k, "unknown key markdown.%s%s", key, didYouMean(key, []string{"html", "unsafe"}))
		}
	})
}

// SetBaseURL sets BaseURL and BasePath from an absolute URL or a path;
// it returns what is wrong, or "".
func (c *Config) SetBaseURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "not a URL"
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "must be http(s) or a path"
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "must not have a query or fragment"
	}
	if u.Scheme != "" && !validHost(u.Host) {
		return fmt.Sprintf("%q is not a host name (write e.g. https://docs.example.com/)", u.Host)
	}
	if u.Scheme == "" && (u.Host != "" || strings.HasPrefix(s, "//")) {
		return "must be http(s)://host/… or a path starting with /"
	}
	if u.User != nil { // it would be dropped, or published in every canonical link
		return "must not hold a user name or password"
	}
	if first, _, _ := strings.Cut(u.Path, "/"); u.Scheme == "" && strings.Contains(first, ".") && first != "." && first != ".." {
		// "docs.example.com/portal" means a host, not the path /docs.example.com/portal/
		return fmt.Sprintf("has no scheme: write https://%s for a site at that host, or /%s for a path", strings.TrimSuffix(s, "/")+"/", strings.Trim(s, "/")+"/")
	}
	p := "/" + strings.Trim(u.Path, "/") + "/"
	if p == "//" {
		p = "/"
	}
	c.BasePath = p
	if u.Scheme != "" {
		c.BaseURL = u.Scheme + "://" + u.Host + p
	} else {
		c.BaseURL = p
	}
	return ""
}

// hostLabelRE is one DNS label: letters, digits and inner hyphens.
var hostLabelRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// validHost reports a URL host (with an optional port) that a browser can
// reach: a DNS name, an IPv4 address or a bracketed IPv6 address.
func validHost(h string) bool {
	host, port := h, ""
	if i := strings.LastIndex(h, ":"); i >= 0 && !strings.HasSuffix(h, "]") {
		host, port = h[:i], h[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
			return false
		}
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		ip := net.ParseIP(host[1 : len(host)-1])
		return ip != nil && strings.Contains(host, ":")
	}
	if host == "" || len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if !hostLabelRE.MatchString(label) {
			return false
		}
	}
	return true
}

// CheckWebURL says what is wrong with a URL a page links to from a value
// (repository, a metric's source), or "" when it is http(s), mailto: or a
// path: javascript:, data: and other schemes would run or embed code.
func CheckWebURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "not a URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return ""
	}
	return fmt.Sprintf("scheme %s: is not allowed; write an http(s) URL", u.Scheme)
}

// teams decodes `teams: {sre: {name: …, description: …}}`; a bare string is
// the team's name.
func (d *decoder) teams(v *yaml.Node) []Team {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "teams must be a mapping of team to {name, description}, got %s", describe(v))
		return nil
	}
	var out []Team
	d.pairs(v, func(key string, k, v *yaml.Node) {
		t := Team{Key: key}
		switch v.Kind {
		case yaml.ScalarNode:
			t.Name, _ = d.str("teams."+key, v)
		case yaml.MappingNode:
			d.pairs(v, func(field string, fk, fv *yaml.Node) {
				switch field {
				case "name":
					t.Name, _ = d.str("teams."+key+".name", fv)
				case "description":
					t.Description, _ = d.str("teams."+key+".description", fv)
				default:
					d.warnf(fk, "unknown key teams.%s.%s%s", key, field, didYouMean(field, []string{"name", "description"}))
				}
			})
		default:
			d.errorf(v, "teams.%s must be a mapping (name, description), got %s", key, describe(v))
			return
		}
		out = append(out, t)
	})
	return out
}

// tagNames decodes {security: 数据安全, on-call: 值班}.
func (d *decoder) tagNames(name string, v *yaml.Node) map[string]string {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "%s must be a mapping of tag to its name (security: 数据安全), got %s", name, describe(v))
		return nil
	}
	out := map[string]string{}
	d.pairs(v, func(key string, k, v *yaml.Node) {
		if s, ok := d.str(name+"."+key, v); ok && s != "" {
			out[key] = s
		}
	})
	return out
}

// checkEditor returns what is wrong with an editor URL template, or "".
func checkEditor(s string) string {
	if !strings.Contains(s, "{path}") {
		return "must contain {path} (e.g. vscode://file/{path}:{line}:{col})"
	}
	u, err := url.Parse(strings.NewReplacer("{path}", "p", "{line}", "1", "{col}", "1").Replace(s))
	if i := strings.IndexByte(s, ':'); err != nil || u.Scheme == "" || i < 0 || strings.Contains(s[:i], "{") {
		return "must be a URL with a scheme, such as vscode:// or idea://"
	}
	if strings.EqualFold(u.Scheme, "javascript") || strings.EqualFold(u.Scheme, "data") {
		return "must not be a javascript: or data: URL"
	}
	return ""
}

// editions decodes editions: {internal: {views: [...], people: bool}, public: {...}}.
func (d *decoder) editions(v *yaml.Node, c *Config) {
	if v.Kind != yaml.MappingNode {
		d.errorf(v, "editions must be a mapping (internal:, public:), got %s", describe(v))
		return
	}
	d.pairs(v, func(name string, k, v *yaml.Node) {
		var e *Edition
		switch name {
		case "internal":
			e = &c.Internal
		case "public":
			e = &c.Public
		default:
			d.warnf(k, "unknown edition %q in keel.yaml (internal or public)%s", name, didYouMean(name, Audiences))
			return
		}
		if v.Kind != yaml.MappingNode {
			d.errorf(v, "editions.%s must be a mapping (views:, people:), got %s", name, describe(v))
			return
		}
		d.pairs(v, func(key string, k, v *yaml.Node) {
			switch key {
			case "views":
				if v.Kind != yaml.SequenceNode {
					d.errorf(v, "editions.%s.views must be a list of %s, got %s", name, strings.Join(Views, ", "), describe(v))
					return
				}
				e.Views = []string{}
				for _, item := range v.Content {
					if s := d.enum("editions."+name+".views item", item, Views); s != "" {
						e.Views = append(e.Views, s)
					}
				}
			case "people":
				e.People = d.boolean("editions."+name+".people", v)
			default:
				d.warnf(k, "unknown key editions.%s.%s%s", name, key, didYouMean(key, []string{"views", "people"}))
			}
		})
	})
}
