package pdf

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	keel "keel"
)

// needTools skips (locally) or fails (CI=true) without Chromium and poppler.
// writeSite writes a site given as "-- path --" sections into dir.
func writeSite(t *testing.T, dir, site string) {
	t.Helper()
	for _, f := range strings.Split(site, "-- ")[1:] {
		name, data, _ := strings.Cut(f, " --\n")
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func needTools(t *testing.T) {
	t.Helper()
	_, err := FindChromium("")
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdftohtml"} {
		if _, e := exec.LookPath(tool); e != nil && err == nil {
			err = errors.New(tool + " not found: apt-get install poppler-utils")
		}
	}
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but PDF tests cannot run: %v", err)
	}
	t.Skip(err)
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func pageCount(t *testing.T, file string) int {
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(tool(t, "pdfinfo", file))
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", file)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// outline lists the PDF's bookmarks (pdftohtml -xml writes them as <item>s).
func outline(t *testing.T, file string) []string {
	xml := tool(t, "pdftohtml", "-xml", "-i", "-stdout", "-q", file)
	var out []string
	for _, m := range regexp.MustCompile(`<item page="\d+">([^<]*)</item>`).FindAllStringSubmatch(xml, -1) {
		out = append(out, m[1])
	}
	return out
}

// The sample portal's Chinese brief, printed for customers: a cover, a table
// of contents, numbered pages, bookmarks, and Chinese text that a reader
// (or a search tool) can copy out of the PDF.
func TestChineseBriefPDF(t *testing.T) {
	needTools(t)
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, Options{Source: "../..", Audience: "public", Out: out, Theme: keel.Theme(),
		Paths: []string{"content/briefs/data-security-compliance.zh.md"}})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("keel pdf: %v %v", err, res.Diags)
	}
	file := filepath.Join(out, "zh", "briefs", "data-security-compliance.pdf")
	if len(res.Files) != 1 || res.Files[0] != file {
		t.Fatalf("files %v, want %s", res.Files, file)
	}
	if n := pageCount(t, file); n < 4 || n > 12 {
		t.Errorf("%d pages; want a cover, contents and the brief (4 to 12 pages)", n)
	}
	marks := outline(t, file)
	for _, want := range []string{"数据安全与合规", "合规框架", "数据加密", "常见问题"} {
		if !strings.Contains(strings.Join(marks, "\n"), want) {
			t.Errorf("outline lacks %q: %q", want, marks)
		}
	}
	text := tool(t, "pdftotext", "-layout", file, "-")
	for _, want := range []string{
		"数据安全与合规", "技术简报", "目录", "最新版本", // cover and contents
		"网络安全等级保护测评", "身份证号、手机号", // the brief itself
		"2 / ", // page numbers
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if fonts := res.Fonts[file]; !slices.ContainsFunc(fonts, isCJKFont) || len(res.Warnings) > 0 {
		t.Errorf("the Chinese title is set in %v (warnings %v), want a CJK font", fonts, res.Warnings)
	}
	if strings.Contains(text, "公开版") {
		t.Error("a customer's PDF says 公开版 (public edition): internal wording")
	}
	checkContentsPages(t, file, 4)
	cover := tool(t, "pdftotext", "-f", "1", "-l", "1", file, "-")
	if !strings.Contains(cover, "互联网医院平台通过等保 2.0 三级测评") {
		t.Errorf("cover lacks the headline:\n%s", cover)
	}
	if n := strings.Count(strings.Join(strings.Fields(tool(t, "pdftotext", file, "-")), ""), "互联网医院平台通过等保2.0三级测评"); n != 1 {
		t.Errorf("the headline is printed %d times; once, on the cover, is enough", n)
	}
}

const leakSite = `-- keel.yaml --
title: Showcase
baseURL: https://docs.example/
-- content/_index.md --
---
title: Home
audience: public
---
-- content/manuals/pg.md --
---
title: Move to PostgreSQL
from: MySQL 5.7
to: PostgreSQL 16
audience: public
owner: Qqxpdf Owner
---
## Prepare

- [ ] Take a backup
- [x] Book the window

> [!INTERNAL]
> ## Qqxpdf escalation
> Call the qqxpdf duty phone.

## Cut over

Switch the connection string.
-- content/briefs/uptime.md --
---
title: Uptime
headline: Always on
audience: public
owner: Qqxpdf Owner
metrics:
  - {value: "99.9 %", label: Availability, source: "#results"}
---
## Results

Public results.[^pub]

> [!INTERNAL]
> ## Qqxpdf pricing
> Qqxpdf floor price; see the [secret manual](../manuals/secret.md).[^sec]

[^pub]: Public footnote.
[^sec]: Qqxpdf footnote.
-- content/manuals/secret.md --
---
title: Qqxpdf secret manual
from: A
to: B
---
Qqxpdf body.
`

// A public PDF carries nothing internal: not the internal block of a public
// page, not the owner's name, and an internal page is refused.
func TestPublicPDFLeaksNothing(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	writeSite(t, dir, leakSite)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	texts := map[string]string{}
	for _, audience := range []string{"public", "internal"} {
		out := filepath.Join(dir, "_pdf-"+audience)
		res, err := Run(ctx, Options{Source: dir, Audience: audience, Out: out, Theme: keel.Theme(), Paths: []string{"content/manuals/pg.md"}})
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", audience, err, res.Diags)
		}
		texts[audience] = strings.ToLower(tool(t, "pdftotext", res.Files[0], "-")) + strings.ToLower(strings.Join(outline(t, res.Files[0]), "\n"))
		if n := pageCount(t, res.Files[0]); n < 3 {
			t.Errorf("%s: %d pages, want cover, contents and body", audience, n)
		}
	}
	if strings.Contains(texts["public"], "qqxpdf") {
		t.Errorf("public PDF leaks an internal marker:\n%s", texts["public"])
	}
	for _, want := range []string{"qqxpdf escalation", "qqxpdf owner", "internal edition"} {
		if !strings.Contains(texts["internal"], want) {
			t.Errorf("internal PDF lacks %q: the leak test would prove nothing", want)
		}
	}
	for _, want := range []string{"mysql 5.7", "postgresql 16", "take a backup", "cut over", "https://docs.example/manuals/pg/"} {
		if !strings.Contains(texts["public"], want) {
			t.Errorf("public PDF lacks %q", want)
		}
	}
	if strings.Contains(texts["public"], "public edition") {
		t.Error("the public PDF says \"public edition\": internal wording on a customer's copy")
	}
	// Link addresses, bookmarks' titles and the document's metadata are not
	// all text pdftotext shows: the file's own bytes must be clean too.
	if raw, err := os.ReadFile(filepath.Join(dir, "_pdf-public", "manuals", "pg.pdf")); err != nil || strings.Contains(strings.ToLower(string(raw)), "qqxpdf") {
		t.Errorf("public PDF bytes carry an internal marker (err %v)", err)
	}
	_, err := Run(ctx, Options{Source: dir, Audience: "public", Out: filepath.Join(dir, "x"), Theme: keel.Theme(), Paths: []string{"content/manuals/secret.md"}})
	var usage *UsageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), "public edition") {
		t.Errorf("printing an internal page for the public edition: got %v, want a UsageError", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); err == nil {
		t.Error("a refused PDF run wrote its output folder")
	}
}

func TestNoChromium(t *testing.T) {
	_, err := Run(context.Background(), Options{Source: t.TempDir(), Chromium: "/nonexistent/chromium", Paths: []string{"x"}})
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("got %v, want ErrNoChromium naming the package", err)
	}
}

// Every PDF of the public edition (the whole content folder printed at
// once) is clean: text, bookmarks and the file's own bytes (link addresses,
// metadata), and the internal page is not among them.
func TestPublicPDFsOfWholeEditionLeakNothing(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	writeSite(t, dir, leakSite)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	texts := map[string]string{}
	for _, audience := range []string{"public", "internal"} {
		res, err := Run(ctx, Options{Source: dir, Audience: audience, Out: filepath.Join(dir, "out-"+audience), Theme: keel.Theme(), Paths: []string{"content"}})
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", audience, err, res.Diags)
		}
		var all strings.Builder
		for _, file := range res.Files {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			all.WriteString(file + "\n" + string(raw) + tool(t, "pdftotext", file, "-") + strings.Join(outline(t, file), "\n"))
		}
		texts[audience] = strings.ToLower(all.String())
		if audience == "public" && len(res.Files) != 2 {
			t.Errorf("public edition printed %v, want the brief and the public manual (the home page has no body)", res.Files)
		}
	}
	if strings.Contains(texts["public"], "qqxpdf") || strings.Contains(texts["public"], "secret") {
		t.Error("a public PDF carries an internal marker")
	}
	for _, want := range []string{"qqxpdf pricing", "qqxpdf footnote", "qqxpdf owner", "secret"} {
		if !strings.Contains(texts["internal"], want) {
			t.Errorf("internal PDFs lack %q: the leak test would prove nothing", want)
		}
	}
	if !strings.Contains(texts["public"], "public footnote") {
		t.Error("the public brief's own footnote is missing")
	}
}
