package site

import (
	"cmp"
	"fmt"
	"path"
	"strings"
)

// checkTree reports outputs that need the same path as a file and as a
// folder: a page or alias below a page's Markdown twin (alias
// /a/index.md/), a slug or section folder equal to a static file's name
// (slug: hello.txt beside static/hello.txt), and a static file over a
// twin. The output stage would fail on them while writing, with no
// position; here they are found before rendering, so keel check finds
// them too.
func (b *builder) checkTree() {
	twins := map[string]string{} // a page's Markdown copy → the page
	files := map[string]string{} // every output file → what it is, for messages
	for _, p := range b.site.Pages {
		twins[p.TwinPath()] = describePage(p)
		files[p.TwinPath()] = "/" + p.TwinPath() + " is the Markdown copy of " + describePage(p)
	}
	static := b.publishedStatic()
	for out, src := range static {
		files[out] = src + " is published there as a file"
	}
	// below says which file an output path would need as a folder.
	below := func(out string) (string, string) {
		for d := path.Dir(out); d != "."; d = path.Dir(d) {
			if what, ok := files[d]; ok {
				return d, what
			}
		}
		return "", ""
	}
	// Blamed on the page or alias (the front matter value that moves it),
	// never also on the file: one error per clash.
	for _, p := range b.site.Pages {
		if p.Clashes {
			continue // its URL is reported already
		}
		if l := b.otherLanguage(p.OutPath); l != "" && p.Path != "" && !strings.HasPrefix(p.Path, "content/"+l+"/") { // a folder: BuildAll says so
			p.Clashes = true
			line, col := pos(p)
			b.diags.Errorf(p.Path, line, col, "URL /%s falls on /%s/, where the pages in %s go (keel.yaml languages); choose another slug or folder", p.RelURL, l, l)
		} else if f, what := below(p.OutPath); f != "" && p.Path != "" {
			p.Clashes = true
			line, col := pos(p)
			b.diags.Errorf(p.Path, line, col, "URL /%s needs a folder /%s/, but %s; choose another slug or folder", p.RelURL, f, what)
		}
	}
	for _, a := range b.site.Aliases {
		if l := b.otherLanguage(a.OutPath); l != "" {
			b.diags.Errorf(a.Target.Path, a.From.Line, a.From.Col, "alias %q falls on /%s/, where the pages in %s go (keel.yaml languages)", a.From.Target, l, l)
		} else if src, ok := static[a.OutPath]; ok { // alias /x.html beside static/x.html
			b.diags.Errorf(a.Target.Path, a.From.Line, a.From.Col, "alias %q falls on /%s, where %s is published", a.From.Target, a.OutPath, src)
		} else if f, what := below(a.OutPath); f != "" {
			b.diags.Errorf(a.Target.Path, a.From.Line, a.From.Col, "alias %q needs a folder /%s/, but %s", a.From.Target, f, what)
		}
	}
	for out, src := range static {
		if page, ok := twins[out]; ok {
			b.diags.Errorf(src, 0, 0, "file would overwrite /%s, the Markdown copy of %s; rename or move it", out, page)
		}
	}
}

// checkCase warns about a page or alias whose output differs from another
// output only in case (/Setup/ and /setup/): on a macOS or Windows disk,
// and on hosts that ignore case, one overwrites the other.
func (b *builder) checkCase() {
	seen := map[string]string{} // lower-case output path → the output as written
	for out := range b.publishedStatic() {
		seen[strings.ToLower(out)] = out
	}
	check := func(out, what, file string, line, col int) {
		low := strings.ToLower(out)
		if prev, ok := seen[low]; ok && prev != out {
			b.diags.Warnf(file, line, col, "%s differs from /%s only in case: on macOS and Windows disks, and hosts that ignore case, one overwrites the other; choose another name",
				what, strings.TrimSuffix(prev, "index.html"))
		} else if !ok {
			seen[low] = out
		}
	}
	for _, p := range b.site.Pages {
		if p.Path == "" {
			seen[strings.ToLower(p.OutPath)] = p.OutPath
			continue
		}
		line, col := pos(p)
		check(p.OutPath, "URL /"+p.RelURL, p.Path, line, col)
	}
	for _, a := range b.site.Aliases {
		check(a.OutPath, fmt.Sprintf("alias %q", a.From.Target), a.Target.Path, a.From.Line, a.From.Col)
	}
}

// otherLanguage is the language whose folder (zh/) an output path of the
// default language's site falls in, or "".
func (b *builder) otherLanguage(out string) string {
	langs := b.in.Config.Languages
	if b.in.Prefix != "" || len(langs) < 2 {
		return ""
	}
	first, _, _ := strings.Cut(out, "/")
	for _, l := range langs[1:] {
		if first == l {
			return l
		}
	}
	return ""
}

// publishedStatic maps the output path of every content asset and static
// file this edition publishes to its source.
func (b *builder) publishedStatic() map[string]string {
	out := map[string]string{}
	for _, a := range b.site.Assets {
		out[strings.TrimPrefix(a, "content/")] = a
	}
	for _, f := range b.in.Static {
		if strings.ContainsAny(f, `\:`) || (b.in.Audience == "public" && InternalStatic(f)) {
			continue
		}
		out[cmp.Or(b.in.StaticOut[f], strings.TrimPrefix(f, "static/"))] = f
	}
	return out
}
