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
	// Editor is the URL template of keel serve's error links: {path}
	// (absolute), {line} and {col} are filled in.
	Editor string
}

// DefaultEditor opens VS Code at the problem.
const DefaultEditor = "vscode://file/{path}:{line}:{col}"

var configKeys = []string{"title", "description", "baseURL", "language", "repository", "audience", "markdown", "copyright", "links", "editor"}

// HTMLModes are the values of markdown.html.
var HTMLModes = []string{"sanitize", "escape", "unsafe"}

// DefaultConfig is what a site without keel.yaml gets.
func DefaultConfig() Config {
	return Config{Title: "keel", BasePath: "/", Language: "en", Audience: "internal", HTML: "sanitize", Links: "error", Editor: DefaultEditor}
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
		case "editor":
			if s, ok := d.str(key, v); ok {
				if msg := checkEditor(s); msg != "" {
					d.errorf(v, "editor %q: %s", s, msg)
				} else {
					c.Editor = s
				}
			}
		case "repository":
			c.Repository, _ = d.str(key, v)
		case "audience":
			if a := d.enum(key, v, Audiences); a != "" {
				c.Audience = a
			}
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
