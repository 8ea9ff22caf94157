package meta

import (
	"strings"
	"testing"
	"time"

	"keel/internal/diag"
)

// Table tests of the package's exported helpers, one table per function.

func TestKindForPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"content/blueprints/x.md", Blueprint},
		{"content/blueprints/_index.md", Blueprint},
		{"content/manuals/pg/upgrade.md", Manual},
		{"content/briefs/q1.md", Brief},
		{"content/notes/blueprints/x.md", Page}, // only the top-level section counts
		{"content/about.md", Page},
		{"content/_index.md", Page},
	}
	for _, tt := range tests {
		if got := KindForPath(tt.path); got != tt.want {
			t.Errorf("KindForPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestCheckSlug(t *testing.T) {
	tests := []struct {
		slug string
		want string // substring of the message; "" for a usable slug
	}{
		{"upgrade-guide", ""},
		{"v1.2_notes", ""},
		{"迁移", ""},
		{"", "is empty"},
		{"a/b", "one path segment"},
		{`a\b`, "one path segment"},
		{"..", "must not contain .."},
		{"a..b", "must not contain .."},
		{"c:x", "drive letter"},
		{strings.Repeat("a", MaxSegment+1), "bytes long"},
		{strings.Repeat("a", MaxSegment), ""},
		{"-lead", "must start with a letter or digit"},
		{"a b", "may only hold"},
	}
	for _, tt := range tests {
		got := CheckSlug(tt.slug)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("CheckSlug(%q) = %q, want %q", tt.slug, got, tt.want)
		}
	}
}

func TestParseDue(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		in, quarter string
		day         time.Time
		err         bool
	}{
		{"2027-Q1", "2027-Q1", day("2027-03-31"), false},
		{"2027-Q4", "2027-Q4", day("2027-12-31"), false},
		{"2027-05-15", "2027-Q2", day("2027-05-15"), false},
		{"2027-07-01", "2027-Q3", day("2027-07-01"), false},
		{"2027-Q5", "", time.Time{}, true},
		{"May 2027", "", time.Time{}, true},
		{"0202-01-01", "", time.Time{}, true}, // a mistyped year
		{"2201-Q1", "", time.Time{}, true},
	}
	for _, tt := range tests {
		q, d, err := ParseDue(tt.in)
		if q != tt.quarter || !d.Equal(tt.day) || (err != nil) != tt.err {
			t.Errorf("ParseDue(%q) = %q, %v, %v; want %q, %v, error %v", tt.in, q, d, err, tt.quarter, tt.day, tt.err)
		}
	}
}

func TestQuarterOf(t *testing.T) {
	tests := []struct {
		day  time.Time
		want string
	}{
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "2027-Q1"},
		{time.Date(2027, 3, 31, 23, 0, 0, 0, time.UTC), "2027-Q1"},
		{time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC), "2027-Q2"},
		{time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), "2027-Q4"},
		{time.Date(999, 6, 1, 0, 0, 0, 0, time.UTC), "0999-Q2"}, // four digits: labels sort as quarters
	}
	for _, tt := range tests {
		if got := QuarterOf(tt.day); got != tt.want {
			t.Errorf("QuarterOf(%v) = %q, want %q", tt.day, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2026-03-04", time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), false},
		{"2026-03-04T23:30:00+02:00", time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), false}, // the day as written
		{"2026-3-4", time.Time{}, true},
		{"yesterday", time.Time{}, true},
		{"1899-12-31", time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC), true}, // outside MinYear
		{"2200-12-31", time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if !got.Equal(tt.want) || (err != nil) != tt.err {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		err  bool
	}{
		{"90d", Period{Days: 90}, false},
		{"6w", Period{Days: 42}, false},
		{"6m", Period{Months: 6}, false},
		{"1y", Period{Months: 12}, false},
		{" 2y ", Period{Months: 24}, false},
		{"0d", Period{}, true},
		{"10000d", Period{}, true},
		{"6 months", Period{}, true},
		{"", Period{}, true},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	// After moves by months, then days.
	from := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if got, want := (Period{Months: 1}).After(from), time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("1m after %v = %v, want %v", from, got, want)
	}
}

func TestShortSegment(t *testing.T) {
	long := strings.Repeat("a", 30)
	tests := []struct {
		in      string
		max     int
		wantLen int
		prefix  string
	}{
		{"short", 20, 5, "short"},
		{long, 30, 30, long},
		{long, 20, 20, strings.Repeat("a", 11) + "-"},
		{strings.Repeat("é", 15), 20, 19, strings.Repeat("é", 5) + "-"}, // cut at a character boundary
	}
	for _, tt := range tests {
		got := ShortSegment(tt.in, tt.max)
		if len(got) != tt.wantLen || !strings.HasPrefix(got, tt.prefix) {
			t.Errorf("ShortSegment(%q, %d) = %q (%d bytes), want %d bytes starting %q", tt.in, tt.max, got, len(got), tt.wantLen, tt.prefix)
		}
	}
	// Long names that share a beginning stay apart.
	if a, b := ShortSegment(long+"x", 20), ShortSegment(long+"y", 20); a == b {
		t.Errorf("ShortSegment gives %q for two different names", a)
	}
}

func TestCheckWebURL(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"https://example.com/x", true},
		{"http://example.com", true},
		{"mailto:a@example.com", true},
		{"/manuals/pg/", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"javascript:alert(1)", false},
		{"data:text/html,x", false},
		{"ftp://example.com", false},
		{"http://[::1", false}, // not a URL
	}
	for _, tt := range tests {
		if got := CheckWebURL(tt.in); (got == "") != tt.ok {
			t.Errorf("CheckWebURL(%q) = %q, want ok %v", tt.in, got, tt.ok)
		}
	}
}

// TestSetBaseURL: a baseURL is an http(s) URL with a real host, or a path;
// a host written without a scheme and credentials are errors, not a path
// or a silently dropped part.
func TestSetBaseURL(t *testing.T) {
	tests := []struct{ in, base, msg string }{
		{"https://docs.example.com/portal", "https://docs.example.com/portal/", ""},
		{"/docs/", "/docs/", ""},
		{"docs", "/docs/", ""},
		{"", "/", ""},
		{"https://localhost:8080/", "https://localhost:8080/", ""},
		{"https://exa_mple..com/", "", `"exa_mple..com" is not a host name (write e.g. https://docs.example.com/)`},
		{"https://user:secret@docs.example.com/", "", "must not hold a user name or password"},
		{"docs.example.com/portal", "", "has no scheme: write https://docs.example.com/portal/ for a site at that host, or /docs.example.com/portal/ for a path"},
		{"example.com", "", "has no scheme: write https://example.com/ for a site at that host, or /example.com/ for a path"},
		{"//example.com/", "", "must be http(s)://host/… or a path starting with /"},
	}
	for _, tt := range tests {
		var c Config
		msg := c.SetBaseURL(tt.in)
		if msg != tt.msg || (msg == "" && c.BaseURL != tt.base) {
			t.Errorf("SetBaseURL(%q): %q, BaseURL %q; want %q, %q", tt.in, msg, c.BaseURL, tt.msg, tt.base)
		}
	}
}

func TestDecodeConfigKeys(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(Config) bool
		errs, warn int
	}{
		{"defaults", "", func(c Config) bool { return c.Title == "keel" && c.BasePath == "/" && c.HTML == "sanitize" }, 0, 0},
		{"title and base URL", "title: Docs\nbaseURL: https://docs.example.com/sub/\n",
			func(c Config) bool { return c.Title == "Docs" && c.BasePath == "/sub/" }, 0, 0},
		{"bad base URL", "baseURL: ftp://x/\n", func(c Config) bool { return c.BasePath == "/" }, 1, 0},
		{"repository refused", "repository: javascript:x\n", func(c Config) bool { return c.Repository == "" }, 1, 0},
		{"markdown.unsafe", "markdown:\n  unsafe: true\n", func(c Config) bool { return c.HTML == "unsafe" }, 0, 0},
		{"markdown.html wins", "markdown:\n  html: escape\n  unsafe: true\n", func(c Config) bool { return c.HTML == "escape" }, 0, 0},
		{"markdown not a mapping", "markdown: yes\n", func(c Config) bool { return c.HTML == "sanitize" }, 1, 0},
		{"links warn", "links: warn\n", func(c Config) bool { return c.Links == "warn" }, 0, 0},
		{"unknown key", "titel: x\n", func(c Config) bool { return c.Title == "keel" }, 0, 1},
		{"languages", "languages: [zh, en]\n", func(c Config) bool { return c.Language == "zh" && len(c.Languages) == 2 }, 0, 0},
		{"one language is plain", "languages: [en]\n", func(c Config) bool { return c.Language == "en" && c.Languages == nil }, 0, 0},
		{"language differs", "language: en\nlanguages: [zh, en]\n", func(c Config) bool { return c.Language == "zh" }, 1, 0},
	}
	for _, tt := range tests {
		var data []byte
		if tt.yaml != "" {
			data = []byte(tt.yaml)
		}
		c, diags := DecodeConfig(data)
		errs, warns := 0, 0
		for _, d := range diags {
			if d.Severity == diag.Warning {
				warns++
			} else {
				errs++
			}
		}
		if !tt.check(c) || errs != tt.errs || warns != tt.warn {
			t.Errorf("%s: config %+v, %d errors and %d warnings (%v); want %d and %d", tt.name, c, errs, warns, diags, tt.errs, tt.warn)
		}
	}
}
