// Package source walks a site tree and reads its files. It knows nothing of
// Markdown or YAML: it only splits each content file's front matter from its body.
package source

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"keel/internal/diag"
	"keel/internal/par"
)

// Doc is one Markdown file under content/.
type Doc struct {
	Path        string // slash path relative to the site root: "content/manuals/pg.md"
	Data        []byte // the whole file, BOM removed and CRLF folded to LF
	FrontMatter []byte // YAML between the --- fences (nil when absent)
	FMLine      int    // line of the first front-matter line in the file
	Body        []byte
	BodyLine    int    // line of the body's first line in the file
	Link        string // for a symlink, its target's site-relative path
}

// File is any other file (an asset beside a page, a static file, a template).
type File struct {
	Path string // slash path relative to the site root
	Data []byte
	Link string // for a symlink, its target's site-relative path
}

// Tree is everything keel reads from a site.
type Tree struct {
	Root      string
	Config    *File // keel.yaml, nil when absent
	Docs      []Doc // content/**/*.md, sorted by path
	Assets    []File
	Static    []File    // static/**
	Templates []File    // templates/**
	Diags     diag.List // problems met while loading, kept per path for Update
	// Unread (LoadUnread) says the Docs hold only their Path and Link: each
	// is read by Read when it is needed, so the site's text is never in
	// memory all at once.
	Unread bool
}

// Size limits, checked before a file is read so a huge file costs no memory.
// A Markdown page's syntax tree can take hundreds of times its size for
// adversarial input, so pages get a tighter bound (2 MB is longer than most
// books) than the images, PDFs and other files published beside them.
const (
	MaxMarkdownSize = 2 << 20
	MaxFileSize     = 64 << 20
)

// Load reads the site at root. Problems (unreadable folders, binary or invalid
// text in content, symlinks that leave the site) are reported, never fatal.
func Load(root string) (Tree, diag.List) {
	t := Tree{Root: root}
	t.loadConfig()
	for _, dir := range []string{"content", "static", "templates"} {
		t.add(dir)
	}
	t.sort()
	return t, t.Diags
}

// LoadUnread is Load but for the content files' text: each Doc has only its
// Path and Link, and Read reads it, with the problems Load would have
// reported for it. A build that reads each page once, parses it and lets its
// text go (keel build) holds one page's text at a time, not the site's.
func LoadUnread(root string) (Tree, diag.List) {
	t := Tree{Root: root, Unread: true}
	t.loadConfig()
	for _, dir := range []string{"content", "static", "templates"} {
		t.add(dir)
	}
	t.sort()
	return t, t.Diags
}

// Read reads a document of the tree as Load would have: size limit, text
// check, normalization, front matter split. When the file cannot be a page,
// ok is false and diags say why, as Load's would.
func (t Tree) Read(d Doc) (doc Doc, diags diag.List, ok bool) {
	data, err := readFile(filepath.Join(t.Root, filepath.FromSlash(d.Path)))
	if err != nil {
		diags.Errorf(d.Path, 0, 0, "%v", err)
		return Doc{}, diags, false
	}
	doc, ok = splitDoc(File{Path: d.Path, Data: data, Link: d.Link}, &diags)
	return doc, diags, ok
}

// Doc is the content file at path (site-relative), when the tree has it.
func (t Tree) Doc(path string) (Doc, bool) {
	i, ok := slices.BinarySearchFunc(t.Docs, path, func(d Doc, p string) int { return strings.Compare(d.Path, p) })
	if !ok {
		return Doc{}, false
	}
	return t.Docs[i], true
}

// WithoutText is the tree with its documents' text (Data, FrontMatter,
// Body) left out, for a build that has parsed them and reads a page's file
// again (ReadDoc) when it needs it: the other fields, and the other files,
// are the tree's own.
func (t Tree) WithoutText() Tree {
	docs := make([]Doc, len(t.Docs))
	for i, d := range t.Docs {
		docs[i] = Doc{Path: d.Path, FMLine: d.FMLine, BodyLine: d.BodyLine, Link: d.Link}
	}
	t.Docs = docs
	return t
}

// ReadDoc reads the content file at path (site-relative) under root again,
// as Load would: size limit, text check, normalization, front matter split.
func ReadDoc(root, path string) (Doc, error) {
	d, diags, ok := Tree{Root: root}.Read(Doc{Path: path})
	if !ok {
		return Doc{}, errors.New(diags[0].String())
	}
	return d, nil
}

// Update re-reads the given site-relative paths after they changed: files are
// re-read, removed ones dropped, a directory is read whole. The result is
// what Load would return for the tree as it is now.
func (t Tree) Update(paths []string) (Tree, diag.List) {
	t.Docs, t.Assets = slices.Clone(t.Docs), slices.Clone(t.Assets)
	t.Static, t.Templates = slices.Clone(t.Static), slices.Clone(t.Templates)
	for _, p := range paths {
		p = path.Clean(p)
		if p == "keel.yaml" {
			t.Diags = slices.DeleteFunc(t.Diags, func(d diag.Diagnostic) bool { return d.Path == p })
			t.loadConfig()
			continue
		}
		top, _, _ := strings.Cut(p, "/")
		if top != "content" && top != "static" && top != "templates" {
			continue
		}
		under := func(q string) bool { return q == p || strings.HasPrefix(q, p+"/") }
		t.Docs = slices.DeleteFunc(t.Docs, func(d Doc) bool { return under(d.Path) })
		drop := func(f File) bool { return under(f.Path) }
		t.Assets = slices.DeleteFunc(t.Assets, drop)
		t.Static = slices.DeleteFunc(t.Static, drop)
		t.Templates = slices.DeleteFunc(t.Templates, drop)
		t.Diags = slices.DeleteFunc(t.Diags, func(d diag.Diagnostic) bool { return under(d.Path) })
		if !hidden(p) {
			t.add(p)
		}
	}
	t.sort()
	return t, t.Diags
}

// hidden reports a path with a segment that walk would skip.
func hidden(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || IgnoredName(seg) {
			return true
		}
	}
	return false
}

func (t *Tree) loadConfig() {
	t.Config = nil
	if data, err := os.ReadFile(filepath.Join(t.Root, "keel.yaml")); err == nil {
		t.Config = &File{Path: "keel.yaml", Data: normalize(data)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Diags.Errorf("keel.yaml", 0, 0, "cannot read: %v", unwrapPath(err))
	}
}

// markdownExt are the names GitHub renders as Markdown; keel reads only .md.
var markdownExt = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkdn": true, ".mkd": true, ".mdwn": true}

// add reads every file at or below the site-relative path p.
func (t *Tree) add(p string) {
	var paths, unread []string
	links := map[string]string{}
	walk(t.Root, p, &paths, links, &t.Diags)
	if t.Unread {
		paths = slices.DeleteFunc(paths, func(q string) bool {
			if isDoc(q) {
				unread = append(unread, q)
				return true
			}
			return false
		})
	}
	for _, q := range unread {
		t.Docs = append(t.Docs, Doc{Path: q, Link: links[q]})
	}
	for _, f := range readAll(t.Root, paths, &t.Diags) {
		f.Link = links[f.Path]
		switch {
		case f.Data == nil:
			// unreadable: already reported
		case strings.HasPrefix(f.Path, "content/") && !strings.HasSuffix(f.Path, ".md") && markdownExt[strings.ToLower(path.Ext(f.Path))]:
			// Published as it is, the page's source (front matter and all) would
			// be a download; read as a page, links to it by either name would
			// resolve differently on a case-sensitive disk.
			t.Diags.Warnf(f.Path, 0, 0, "a Markdown file must end in .md (lower case); rename it to %s; not published",
				path.Base(strings.TrimSuffix(f.Path, path.Ext(f.Path)))+".md")
		case isDoc(f.Path):
			if d, ok := splitDoc(f, &t.Diags); ok {
				t.Docs = append(t.Docs, d)
			}
		case strings.HasPrefix(f.Path, "content/"):
			t.Assets = append(t.Assets, f)
		case strings.HasPrefix(f.Path, "static/"):
			t.Static = append(t.Static, f)
		default:
			t.Templates = append(t.Templates, f)
		}
	}
}

// isDoc reports a site-relative path that is a page's file.
func isDoc(p string) bool { return strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") }

// sort orders every list by path, so Load and Update agree byte for byte.
func (t *Tree) sort() {
	slices.SortFunc(t.Docs, func(a, b Doc) int { return strings.Compare(a.Path, b.Path) })
	for _, list := range []*[]File{&t.Assets, &t.Static, &t.Templates} {
		slices.SortFunc(*list, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	}
	t.Diags = t.Diags.Sort()
}

// walk lists the regular files below root/dir in lexical order. Symlinks are
// followed only when they point to a file inside the site; directory symlinks
// are never followed, so loops are impossible.
func walk(root, dir string, out *[]string, links map[string]string, diags *diag.List) {
	absRoot, _ := filepath.Abs(root)
	base := filepath.Join(root, filepath.FromSlash(dir))
	st, err := os.Lstat(base)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err == nil && st.Mode().IsRegular() && !strings.Contains(dir, "/") {
		// A top-level content, static or templates must be a folder; WalkDir
		// would list the file itself, which then passed for a template.
		diags.Errorf(dir, 0, 0, "is a file; keel expects a folder here")
		return
	}
	filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		rel := relSlash(root, p)
		if err != nil {
			diags.Errorf(rel, 0, 0, "cannot read: %v", unwrapPath(err))
			return nil
		}
		name := d.Name()
		if p != base && (strings.HasPrefix(name, ".") || IgnoredName(name)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				// os.Stat names a loop the way the system does ("too many
				// levels of symbolic links"); EvalSymlinks only says "too many links".
				if _, serr := os.Stat(p); serr != nil {
					err = serr
				}
				diags.Warnf(rel, 0, 0, "symlink cannot be resolved (%v); skipped", unwrapPath(err))
				return nil
			}
			absTarget, _ := filepath.Abs(target)
			if absTarget != absRoot && !strings.HasPrefix(absTarget, absRoot+string(filepath.Separator)) {
				diags.Warnf(rel, 0, 0, "symlink points outside the site (%s); not followed", target)
				return nil
			}
			if st, err := os.Stat(target); err != nil || !st.Mode().IsRegular() {
				diags.Warnf(rel, 0, 0, "symlink to a directory; not followed")
				return nil
			}
			link := relSlash(absRoot, absTarget)
			if msg := symlinkTarget(rel, link); msg != "" {
				diags.Warnf(rel, 0, 0, "%s; not published", msg)
				return nil
			}
			*out = append(*out, rel)
			links[rel] = link
			return nil
		}
		if d.Type().IsRegular() {
			*out = append(*out, rel)
		}
		return nil
	})
}

// symlinkTarget says why a file symlink at rel whose target is the
// site-relative path target must not be read, or "". A link under content/ or
// static/ may point only into content/ or static/ (a link to keel.yaml or a
// script beside them would publish it), one under templates/ also into
// templates/; and never into a hidden file or folder (.git, .env), which keel
// itself never reads. A link under static/ must not point into content/:
// static files are published as they are, in every edition, so it would
// publish a page's source (an internal page's too). Only a link under
// static/internal/ may point into static/internal/: elsewhere the file would
// reach the public edition under the link's name.
func symlinkTarget(rel, target string) string {
	for _, seg := range strings.Split(target, "/") {
		if strings.HasPrefix(seg, ".") {
			return "symlink points into a hidden file or folder (" + target + ")"
		}
	}
	top, _, _ := strings.Cut(target, "/")
	allowed := []string{"content", "static"}
	if strings.HasPrefix(rel, "templates/") {
		allowed = append(allowed, "templates")
	}
	switch {
	case !strings.Contains(target, "/") || !slices.Contains(allowed, top):
		return "symlink points outside " + strings.Join(allowed, "/ and ") + "/ (" + target + ")"
	case strings.HasPrefix(rel, "static/") && top == "content":
		return "symlink under static/ points into content/ (" + target + "), whose pages and files each edition publishes by their own audience"
	case strings.HasPrefix(target, "static/internal/") && !strings.HasPrefix(rel, "static/internal/"):
		return "symlink points into static/internal/ (" + target + "), which only the internal edition publishes; put the link under static/internal/ too"
	}
	return ""
}

// IgnoredName reports editor backup, swap and temporary files, which are never content.
func IgnoredName(name string) bool {
	return strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") ||
		strings.HasPrefix(name, ".#") || name == "4913" || name == ".DS_Store"
}

// readAll reads files in parallel; results keep the order of paths.
func readAll(root string, paths []string, diags *diag.List) []File {
	files := make([]File, len(paths))
	errs := make([]error, len(paths))
	par.For(len(paths), func(k int) {
		files[k].Path = paths[k]
		files[k].Data, errs[k] = readFile(filepath.Join(root, filepath.FromSlash(paths[k])))
	})
	for k, err := range errs {
		if err != nil {
			diags.Errorf(paths[k], 0, 0, "%v", err)
			files[k].Data = nil
		}
	}
	return files
}

func readFile(name string) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, errors.New("cannot read: " + unwrapPath(err).Error())
	}
	if strings.HasSuffix(name, ".md") && st.Size() > MaxMarkdownSize {
		return nil, errors.New("file is " + humanSize(st.Size()) + "; keel reads Markdown files up to " + humanSize(MaxMarkdownSize) + ": split the page")
	}
	if st.Size() > MaxFileSize {
		return nil, errors.New("file is " + humanSize(st.Size()) + "; keel reads files up to " + humanSize(MaxFileSize))
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, errors.New("cannot read: " + unwrapPath(err).Error())
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// splitDoc checks that a content file is text and separates its front matter.
func splitDoc(f File, diags *diag.List) (Doc, bool) {
	if bytes.IndexByte(f.Data, 0) >= 0 {
		diags.Errorf(f.Path, 0, 0, "not a text file (it contains NUL bytes); Markdown files must be UTF-8 text")
		return Doc{}, false
	}
	data := normalize(f.Data)
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		diags.Errorf(f.Path, line, col, "invalid UTF-8; save the file as UTF-8")
		return Doc{}, false
	}
	d := Doc{Path: f.Path, Data: data, Body: data, BodyLine: 1, Link: f.Link}
	fm, body, fmLine, bodyLine, err := SplitFrontMatter(data)
	if err != nil {
		diags.Errorf(f.Path, 1, 1, "%s", err)
		return Doc{}, false
	}
	d.FrontMatter, d.Body, d.FMLine, d.BodyLine = fm, body, fmLine, bodyLine
	return d, true
}

// SplitFrontMatter separates a leading "---" YAML block from the body.
// The input must already be normalized (no BOM, LF line endings).
func SplitFrontMatter(data []byte) (fm, body []byte, fmLine, bodyLine int, err error) {
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, data, 0, 1, nil
	}
	if !found {
		return nil, nil, 0, 0, errors.New("front matter starts with --- but never closes; add a closing --- line")
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if t := string(bytes.TrimRight(l, " \t")); t == "---" || t == "..." {
			fm = rest[:off]
			if end < 0 {
				body = []byte{}
			} else {
				body = rest[off+end+1:]
			}
			return fm, body, 2, line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, 0, errors.New("front matter starts with --- but never closes; add a closing --- line")
}

// normalize drops a UTF-8 byte-order mark and folds CRLF and lone CR to LF,
// so every later stage counts lines the same way.
func normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

func firstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

func relSlash(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return path.Clean(filepath.ToSlash(rel))
}

// unwrapPath removes the absolute path from an *fs.PathError so messages stay site-relative.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func humanSize(n int64) string {
	const mb = 1 << 20
	if n >= mb {
		return strconv.FormatInt(n/mb, 10) + " MB"
	}
	return strconv.FormatInt(n/1024, 10) + " KB"
}
