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
	Teams       []Team // teams: display names and descriptions, in file order
}

// Team describes one value of the teams taxonomy (keel.yaml teams:<key>).
type Team struct {
	Key         string // as written in pages' teams: lists
	Name        string // display name; the key when empty
	Description string
}

var configKeys = []string{"title", "description", "baseURL", "language", "repository", "audience", "markdown", "copyright", "links", "teams"}

// HTMLModes are the values of markdown.html.
var HTMLModes = []string{"sanitize", "escape", "unsafe"}

// DefaultConfig is what a site without keel.yaml gets.
func DefaultConfig() Config {
	return Config{Title: "keel", BasePath: "/", Language: "en", Audience: "internal", HTML: "sanitize", Links: "error"}
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
		case "teams":
			c.Teams = d.teams(v)
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
