package site

import (
	"fmt"
	"path"
	"strings"

	"keel/internal/diag"
	"keel/internal/meta"
)

// This file holds what makes a tree written for GitHub build unchanged:
// README.md as a folder's index, titles without front matter, fragments
// matched as GitHub matches them, and link targets that exist on GitHub but
// cannot exist on the built site.

// IsIndex reports a folder's index file: _index.md or, as on GitHub, README.md
// (any case). When a folder has both, _index.md wins (see indexIDs).
func IsIndex(p string) bool {
	b := path.Base(p)
	return b == "_index.md" || strings.EqualFold(b, "readme.md")
}

func isReadme(p string) bool { return strings.EqualFold(path.Base(p), "readme.md") }

// Title is the title of a page whose front matter sets none: its first "# "
// heading (h1), else, without front matter, its file name (a folder's name
// for an index). With front matter but no heading the title is missing.
func Title(p string, hasFM bool, fmLine int, h1 string) (string, diag.List) {
	var diags diag.List
	if h1 != "" {
		return h1, diags
	}
	if hasFM {
		diags.Errorf(p, max(fmLine, 1), 1, "missing required field title for a %s (or start the body with a \"# \" heading)", meta.KindForPath(p))
		return "", diags
	}
	name := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if IsIndex(p) {
		name = path.Base(path.Dir(p))
		if name == "content" {
			return "", diags // the home page: the site's title
		}
	}
	return titleFromName(name), diags
}

// indexIDs gives every document its identity: "manuals/pg" for
// content/manuals/pg.md, "manuals/_index" for the folder's index, be it
// _index.md or README.md. A folder with both gets an error at the later one
// (in path order); _index.md stays the index, README.md an ordinary page.
func (b *builder) indexIDs() map[string]string {
	ids := make(map[string]string, len(b.in.Docs))
	owner := map[string]string{} // index id -> path
	for _, d := range b.in.Docs {
		base := b.untranslated(d.Path)
		id := pageID(base)
		if isReadme(base) {
			id = path.Join(path.Dir(id), "_index")
		}
		ids[d.Path] = id
		if path.Base(id) != "_index" {
			continue
		}
		if prev, ok := owner[id]; ok {
			win, lose := prev, d.Path // two READMEs differing in case: the first wins
			if !isReadme(d.Path) {
				win, lose = d.Path, prev // _index.md wins over README.md
			}
			owner[id] = win
			ids[lose] = pageID(lose)
			b.diags.Errorf(d.Path, 1, 1, "%s and %s are both the index of folder %s/; %s is the index and %s becomes an ordinary page: remove or rename one",
				prev, d.Path, path.Dir(d.Path), path.Base(win), path.Base(lose))
			continue
		}
		owner[id] = d.Path
	}
	return ids
}

// matchAnchor finds the id a fragment names. GitHub gives each element the
// id "user-content-" + its id and, unless the fragment is such an id
// exactly, looks up "user-content-" + the fragment in lower case; so it
// finds an id the fragment lower-cases to (any case reaches a heading) or
// names with the prefix. A fragment that matches an id only ignoring case
// (#parameterObject for a mixed-case <a name="parameterObject">) resolves
// here too, with github false: it works on the built site, not on GitHub.
// The id is returned as the page has it.
func matchAnchor(ids []string, anchor string) (id string, github, ok bool) {
	lower := strings.ToLower(anchor)
	rest, prefixed := strings.CutPrefix(anchor, "user-content-")
	for _, id := range ids {
		if id == lower || (prefixed && id == rest) {
			return id, true, true
		}
	}
	for _, id := range ids {
		if strings.EqualFold(id, anchor) {
			return id, false, true
		}
	}
	return "", false, false
}

// githubMisses explains a link to the page file src that keel resolves but
// GitHub, whose paths are exact, does not: a page named without .md
// ("guide" for guide.md) or a file name in another case (readme.md for
// README.md, which keel takes as the folder index either way).
func githubMisses(ref, src string) string {
	name, file := path.Base(ref), path.Base(src)
	switch {
	case src == "" || strings.HasSuffix(ref, "/"):
		return ""
	case name+".md" == file:
		return fmt.Sprintf("GitHub has no file %q, only %q (link to %s.md)", name, file, strings.TrimSuffix(ref, "/"))
	case name != file && strings.EqualFold(name, file):
		return fmt.Sprintf("GitHub's paths are case-sensitive and the file is %s (link to it as %q)", file, path.Join(path.Dir(ref), file))
	}
	return ""
}

// githubOnly explains a link target that GitHub shows but the built site
// cannot have: a folder holding only files (GitHub lists it), a file in a
// hidden folder or outside content/, a Markdown file named .MD (keel
// publishes none of them). c is the target as a path from the site root.
// "" means the target does not exist.
func (b *builder) githubOnly(ref, c string) string {
	c = strings.TrimSuffix(c, "/")
	if strings.HasPrefix(c, "content/") || c == "content" {
		prefix := c + "/"
		for _, a := range b.in.Assets {
			if strings.HasPrefix(a, prefix) {
				return fmt.Sprintf("%q is a folder without a page: GitHub lists its files, but the built site has no page for it (add a README.md to it, or link to a file in it)", ref)
			}
		}
	}
	if b.in.Exists == nil || !b.in.Exists(c) {
		return ""
	}
	for _, seg := range strings.Split(c, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".." {
			return fmt.Sprintf("%q is in the hidden folder %s, which GitHub shows but keel does not publish", ref, seg)
		}
	}
	if !strings.HasPrefix(c, "content/") && !strings.HasPrefix(c, "static/") {
		where := c
		if where == "" || where == "." {
			where = "the top folder"
		}
		return fmt.Sprintf("%q is %s in the repository, outside content/: GitHub shows it, but the built site does not have it", ref, where)
	}
	if ext := path.Ext(c); strings.HasPrefix(c, "content/") && ext != ".md" && strings.EqualFold(ext, ".md") {
		return fmt.Sprintf("%q is a Markdown file that GitHub renders, but keel publishes only names ending in .md in lower case (rename it to %s.md)", ref, strings.TrimSuffix(path.Base(c), ext))
	}
	if strings.HasPrefix(c, "content/") { // a folder of such files, an ignored name
		return fmt.Sprintf("%q is in the repository, but keel publishes nothing there", ref)
	}
	return ""
}
