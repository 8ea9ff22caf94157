// Package meta decodes YAML front matter and keel.yaml into typed values.
// It works on yaml.Nodes so that every problem is reported at the value's own
// line and column, and it reports all problems, not the first.
package meta

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"keel/internal/diag"
)

// Kinds of page.
const (
	Blueprint = "blueprint"
	Manual    = "manual"
	Brief     = "brief"
	Page      = "page"
)

var Kinds = []string{Blueprint, Manual, Brief, Page}

var (
	Audiences         = []string{"internal", "public"}
	BlueprintStatuses = []string{"draft", "proposed", "accepted", "in-progress", "done", "superseded", "rejected"}
	MilestoneStatuses = []string{"planned", "in-progress", "done", "at-risk"}
	Risks             = []string{"low", "medium", "high"}
)

// Ref is a page reference from front matter, with its position for diagnostics.
type Ref struct {
	Target    string
	Line, Col int
}

// Milestone of a blueprint. Due is as written; Quarter is "2027-Q1";
// DueDate is the day itself or, for a quarter, its last day.
type Milestone struct {
	Title, Due, Status string
	Quarter            string
	DueDate            time.Time
}

// Metric is a claim on a brief, with the source that backs it.
type Metric struct {
	Value, Label, Note string
	Source             Ref // Target empty when missing
	Line, Col          int
}

// Meta is a page's decoded front matter.
type Meta struct {
	Invalid                 bool // the front matter is not YAML (already reported)
	Kind                    string
	Title, Summary          string
	Date, Updated, Reviewed time.Time
	ReviewEvery             Period
	Owner                   string
	Teams, Tags             []string
	Audience                string
	Draft                   bool
	Weight                  int
	Slug                    string
	// Lang is the language the page is written in when it differs from its
	// site's (a Chinese-only page of an English site): en or zh.
	Lang             string
	Aliases, Related []Ref
	SlugPos          Ref // position of the slug value
	Image            Ref // share-card image: a path like a link, or a URL

	Status, Horizon string
	Milestones      []Milestone
	Supersedes      []Ref

	From, To, Estimate, Risk string
	Prerequisites            []string

	Headline string
	Metrics  []Metric

	// Cascade holds defaults an _index.md sets for the pages below it.
	Cascade *Meta
	// Set names the fields given explicitly, so cascaded defaults never override them.
	Set map[string]bool
}

var commonKeys = []string{"title", "summary", "date", "updated", "owner", "teams", "tags", "audience", "draft",
	"weight", "slug", "aliases", "related", "reviewed", "review_every", "kind", "image", "lang"}

var kindKeys = map[string][]string{
	Blueprint: {"status", "horizon", "milestones", "supersedes"},
	Manual:    {"from", "to", "estimate", "risk", "prerequisites"},
	Brief:     {"headline", "metrics"},
	Page:      {},
}

// cascadable fields: the common ones that make sense as section defaults.
var cascadeKeys = []string{"audience", "owner", "teams", "tags", "draft", "review_every", "reviewed"}

// KindForPath gives the kind implied by a content path's top-level section.
func KindForPath(contentPath string) string {
	section, _, _ := strings.Cut(strings.TrimPrefix(contentPath, "content/"), "/")
	switch section {
	case "blueprints":
		return Blueprint
	case "manuals":
		return Manual
	case "briefs":
		return Brief
	}
	return Page
}

// Decode reads one file's front matter. fmLine is the file line where the
// YAML starts. A nil fm (no front matter) still reports the missing title.
func Decode(path string, fm []byte, fmLine int, isSection bool) (Meta, diag.List) {
	var diags diag.List
	d := &decoder{path: path, offset: fmLine - 1, diags: &diags}
	m := Meta{Kind: KindForPath(path), Set: map[string]bool{}}
	var root *yaml.Node
	if fm != nil {
		root = d.parse(fm)
	}
	if root == nil {
		switch {
		case diags.HasErrors():
			m.Invalid = true
		case fm == nil:
			// No front matter: a page as GitHub shows it, titled by its
			// first "# " heading or its file name (site.Title).
		default: // an empty block: it is there, its fields are not
			d.requireFields(&m, m.Kind)
		}
		return m, diags
	}
	// kind first: it decides which other keys are allowed.
	d.pairs(root, func(key string, k, v *yaml.Node) {
		if key == "kind" {
			m.Kind = d.enum("kind", v, Kinds)
			if m.Kind == "" {
				m.Kind = KindForPath(path)
			}
			m.Set["kind"] = true
		}
	})
	keysOf := m.Kind
	if isSection {
		keysOf = Page // a section's _index.md describes the section, not a blueprint or manual
	}
	var cascadeNode *yaml.Node
	d.pairs(root, func(key string, k, v *yaml.Node) {
		switch {
		case key == "kind":
			return
		case key == "cascade":
			if !isSection {
				d.warnf(k, "cascade only has an effect in a section's _index.md; ignored")
				return
			}
			cascadeNode = v
			return
		case !slices.Contains(commonKeys, key) && !slices.Contains(kindKeys[keysOf], key):
			d.warnf(k, "unknown key %q for a %s%s", key, keysOf, unknownHint(key, keysOf))
			return
		}
		d.field(&m, key, k, v)
	})
	if cascadeNode != nil {
		m.Cascade = d.cascade(cascadeNode)
	}
	d.requireFields(&m, keysOf)
	return m, diags
}

func unknownHint(key, kind string) string {
	for _, other := range Kinds {
		if other != kind && slices.Contains(kindKeys[other], key) {
			return fmt.Sprintf(" (%s is a field of a %s)", key, other)
		}
	}
	return didYouMean(key, slices.Concat(commonKeys, kindKeys[kind]))
}

func (d *decoder) cascade(n *yaml.Node) *Meta {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "cascade must be a mapping of field defaults, got %s", describe(n))
		return nil
	}
	c := &Meta{Set: map[string]bool{}}
	d.pairs(n, func(key string, k, v *yaml.Node) {
		if !slices.Contains(cascadeKeys, key) {
			d.warnf(k, "%q cannot be cascaded; cascade takes %s%s", key, strings.Join(cascadeKeys, ", "), didYouMean(key, cascadeKeys))
			return
		}
		d.field(c, key, k, v)
	})
	return c
}

// ApplyCascade fills the fields a page did not set from a section's defaults.
func (m *Meta) ApplyCascade(c *Meta) {
	if c == nil {
		return
	}
	for key := range c.Set {
		if m.Set[key] {
			continue
		}
		m.Set[key] = true
		switch key {
		case "audience":
			m.Audience = c.Audience
		case "owner":
			m.Owner = c.Owner
		case "teams":
			m.Teams = c.Teams
		case "tags":
			m.Tags = c.Tags
		case "draft":
			m.Draft = c.Draft
		case "review_every":
			m.ReviewEvery = c.ReviewEvery
		case "reviewed":
			m.Reviewed = c.Reviewed
		}
	}
}

func (d *decoder) field(m *Meta, key string, k, v *yaml.Node) {
	m.Set[key] = true
	if d.listField(m, key, v) {
		return
	}
	switch key {
	case "title":
		m.Title, _ = d.str(key, v)
		if strings.TrimSpace(m.Title) == "" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
			d.errorf(v, "title must not be empty")
		}
	case "summary":
		m.Summary, _ = d.str(key, v)
	case "headline":
		m.Headline, _ = d.str(key, v)
	case "owner":
		m.Owner, _ = d.str(key, v)
	case "horizon":
		m.Horizon, _ = d.str(key, v)
	case "from":
		m.From, _ = d.str(key, v)
	case "to":
		m.To, _ = d.str(key, v)
	case "estimate":
		m.Estimate, _ = d.str(key, v)
	case "date":
		m.Date = d.date(key, v)
	case "updated":
		m.Updated = d.date(key, v)
	case "reviewed":
		m.Reviewed = d.date(key, v)
	case "review_every":
		if s, ok := d.str(key, v); ok {
			p, err := ParsePeriod(s)
			if err != nil {
				d.errorf(v, "review_every: %q: %v", s, err)
			}
			m.ReviewEvery = p
		}
	default:
		d.choiceField(m, key, v)
	}
}

// listField reads the list-valued fields; it reports whether key was one.
func (d *decoder) listField(m *Meta, key string, v *yaml.Node) bool {
	switch key {
	case "teams":
		m.Teams = d.strList(key, v)
	case "tags":
		m.Tags = d.strList(key, v)
	case "prerequisites":
		m.Prerequisites = d.strList(key, v)
	case "aliases":
		m.Aliases = d.refList(key, v)
	case "related":
		m.Related = d.refList(key, v)
	case "supersedes":
		m.Supersedes = d.refList(key, v)
	case "milestones":
		m.Milestones = d.milestones(v)
	case "metrics":
		m.Metrics = d.metrics(v)
	default:
		return false
	}
	return true
}

// choiceField reads the enumerated, boolean, numeric and reference fields.
func (d *decoder) choiceField(m *Meta, key string, v *yaml.Node) {
	switch key {
	case "audience":
		m.Audience = d.enum(key, v, Audiences)
	case "status":
		m.Status = d.enum(key, v, BlueprintStatuses)
	case "risk":
		m.Risk = d.enum(key, v, Risks)
	case "draft":
		m.Draft = d.boolean(key, v)
	case "weight":
		m.Weight = d.integer(key, v)
	case "image":
		if s, ok := d.str(key, v); ok {
			m.Image = Ref{Target: s, Line: v.Line + d.offset, Col: v.Column}
		}
	case "lang":
		m.Lang = d.enum(key, v, Languages)
	case "slug":
		if s, ok := d.str(key, v); ok {
			m.Slug = s
			m.SlugPos = Ref{Target: s, Line: v.Line + d.offset, Col: v.Column}
			if msg := CheckSlug(s); msg != "" {
				d.errorf(v, "slug %q %s", s, msg)
				m.Slug = ""
			}
		}
	}
}

var slugRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]*$`)

// CheckSlug says what is wrong with a slug, or "" when it is usable as one URL segment.
func CheckSlug(s string) string {
	switch {
	case s == "":
		return "is empty"
	case strings.ContainsAny(s, `/\`):
		return "must be one path segment: no / or \\"
	case s == "." || s == ".." || strings.Contains(s, ".."):
		return "must not contain .."
	case len(s) >= 2 && s[1] == ':':
		return "must not be a drive letter path"
	case len(s) > MaxSegment:
		return fmt.Sprintf("is %d bytes long; a slug becomes a folder name in the output, which keel keeps to %d bytes", len(s), MaxSegment)
	case !slugRE.MatchString(s):
		return "may only hold letters, digits, '.', '-' and '_' and must start with a letter or digit"
	}
	return ""
}

func (d *decoder) milestones(n *yaml.Node) []Milestone {
	var out []Milestone
	d.records(n, "milestone", "title, due and status", []string{"title", "due", "status"}, []string{"title", "due", "status"},
		func(item *yaml.Node) func(key string, v *yaml.Node) {
			out = append(out, Milestone{})
			ms := &out[len(out)-1]
			return func(key string, v *yaml.Node) {
				switch key {
				case "title":
					ms.Title, _ = d.str("milestone title", v)
				case "status":
					ms.Status = d.enum("milestone status", v, MilestoneStatuses)
				case "due":
					if s, ok := d.str("milestone due", v); ok {
						q, day, err := ParseDue(s)
						if err != nil {
							d.errorf(v, "milestone due: %v", err)
						}
						ms.Due, ms.Quarter, ms.DueDate = s, q, day
					}
				}
			}
		})
	return out
}

var quarterRE = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)

// ParseDue reads a milestone due date (YYYY-MM-DD or YYYY-Qn) and returns its
// quarter label and the day it is due (a quarter's last day).
func ParseDue(s string) (quarter string, day time.Time, err error) {
	if m := quarterRE.FindStringSubmatch(s); m != nil {
		var y, q int
		fmt.Sscan(m[1], &y)
		fmt.Sscan(m[2], &q)
		day = time.Date(y, time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		if err := checkYear(s, day); err != nil {
			return "", time.Time{}, err
		}
		return s, day, nil
	}
	day, err = time.Parse("2006-01-02", s)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("%q is neither YYYY-MM-DD nor YYYY-Qn", s)
	}
	if err := checkYear(s, day); err != nil {
		return "", time.Time{}, err
	}
	return QuarterOf(day), day, nil
}

// QuarterOf labels the quarter a day falls in, e.g. "2027-Q1". The year has
// four digits, so labels sort as their quarters do.
func QuarterOf(t time.Time) string {
	return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

func (d *decoder) metrics(n *yaml.Node) []Metric {
	var out []Metric
	d.records(n, "metric", "value and label", []string{"value", "label", "note", "source"}, []string{"value", "label"},
		func(item *yaml.Node) func(key string, v *yaml.Node) {
			out = append(out, Metric{Line: item.Line + d.offset, Col: item.Column})
			mt := &out[len(out)-1]
			return func(key string, v *yaml.Node) {
				switch key {
				case "value":
					mt.Value, _ = d.str("metric value", v)
				case "label":
					mt.Label, _ = d.str("metric label", v)
				case "note":
					mt.Note, _ = d.str("metric note", v)
				case "source":
					if s, ok := d.str("metric source", v); ok {
						mt.Source = Ref{Target: s, Line: v.Line + d.offset, Col: v.Column}
					}
				}
			}
		})
	return out
}

// records decodes a list of small mappings (milestones, metrics): each item
// must be a mapping; unknown keys warn, missing required keys are errors at
// the item. start is called once per item and returns the field setter.
func (d *decoder) records(n *yaml.Node, what, needs string, keys, required []string, start func(item *yaml.Node) func(key string, v *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%ss must be a list of {%s}, got %s", what, strings.Join(keys, ", "), describe(n))
		return
	}
	for _, item := range n.Content {
		item = resolveAlias(item)
		if item.Kind != yaml.MappingNode {
			d.errorf(item, "a %s must be a mapping with %s, got %s", what, needs, describe(item))
			continue
		}
		set := start(item)
		fields := map[string]bool{}
		d.pairs(item, func(key string, k, v *yaml.Node) {
			fields[key] = true
			if !slices.Contains(keys, key) {
				d.warnf(k, "unknown %s key %q%s", what, key, didYouMean(key, keys))
				return
			}
			set(key, v)
		})
		for _, req := range required {
			if !fields[req] {
				d.errorf(item, "%s is missing %s", what, req)
			}
		}
	}
}

// requireFields reports missing kind-specific fields; a missing title is
// decided later, when the body is known (a "# " heading may give it).
func (d *decoder) requireFields(m *Meta, kind string) {
	var req []string
	switch kind {
	case Blueprint:
		if !m.Set["status"] {
			req = append(req, "status")
		}
	case Manual:
		for _, k := range []string{"from", "to"} {
			if !m.Set[k] {
				req = append(req, k)
			}
		}
	}
	for _, k := range req {
		d.diags.Errorf(d.path, d.offset+1, 1, "missing required field %s for a %s", k, m.Kind)
	}
}
