package meta

import (
	"net/url"
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
	Repository  string // edit URL prefix, e.g. https://git.example.com/portal/-/edit/main/
	Audience    string // site-wide default audience for pages that set none
	HTML        string // markdown.html: sanitize (default), escape or unsafe
	Links       string // links: error (default) or warn: broken links fail the build or are warnings
	Copyright   string
	// Image is the site-wide share-card image (Open Graph, Twitter): a path
	// on the site ("/img/card.png", content/ or static/) or a URL.
	Image    Ref
	Internal Edition // editions.internal
	Public   Edition // editions.public
}

// Edition says what one edition publishes beyond its pages: which
// generated views, and whether people's names (the owner field) appear.
type Edition struct {
	Views  []string
	People bool
}

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

var configKeys = []string{"title", "description", "baseURL", "language", "repository", "audience", "markdown", "copyright", "links", "image", "editions"}

// DefaultConfig is what a site without keel.yaml gets. The public edition
// shows no staff names, no owner pages and no review list by default.
func DefaultConfig() Config {
	return Config{Title: "keel", BasePath: "/", Language: "en", Audience: "internal", HTML: "sanitize", Links: "error",
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
	d.pairs(root, func(key string, k, v *yaml.Node) {
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
			c.Language = d.enum(key, v, []string{"en", "zh"})
			if c.Language == "" {
				c.Language = "en"
			}
		case "repository":
			c.Repository, _ = d.str(key, v)
		case "audience":
			if a := d.enum(key, v, Audiences); a != "" {
				c.Audience = a
			}
		case "image":
			if s, ok := d.str(key, v); ok {
				c.Image = Ref{Target: s, Line: v.Line, Col: v.Column}
			}
		case "editions":
			d.editions(v, &c)
		case "links":
			if l := d.enum(key, v, []string{"error", "warn"}); l != "" {
				c.Links = l
			}
		case "markdown":
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
		default:
			d.warnf(k, "unknown key %q in keel.yaml%s", key, didYouMean(key, configKeys))
		}
	})
	return c, diags
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
