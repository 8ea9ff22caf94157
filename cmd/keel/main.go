// Command keel builds, checks and serves a technical portal. It only parses
// flags and reports; the work is done by internal/build and friends.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strings"
	"time"

	keel "keel"
	"keel/internal/archetype"
	"keel/internal/build"
	"keel/internal/diag"
	"keel/internal/output"
)

// Version is set at release time with -ldflags.
var version = "dev"

const usage = `keel compiles a folder of Markdown into a technical portal.

Usage:
  keel build  [--source DIR] [--out DIR] [--audience internal|public] [--drafts] [--base-url URL]
  keel serve  [--source DIR] [--bind 127.0.0.1] [--port 1313] [--allow-host NAME] [--audience …] [--drafts]
  keel check  [--source DIR] [--audience …] [--format text|json]
  keel new    KIND "Title" [--source DIR]
  keel pdf    [--source DIR] [--audience …] [--out _pdf] [--base-url URL] PATH…   (headless Chromium)
  keel version

Exit codes: 0 success, 1 content errors (all listed), 2 usage or configuration error.
`

func main() {
	// KEEL_CPUPROFILE=file writes a CPU profile of the run (see docs/performance.md).
	if path := os.Getenv("KEEL_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	// KEEL_MEMPROFILE=file writes a heap profile at the end of the run.
	if path := os.Getenv("KEEL_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}

// exit codes
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "serve":
		return cmdServe(rest, stdout, stderr)
	case "new":
		return cmdNew(rest, stdout, stderr)
	case "pdf":
		return cmdPDF(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "keel", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "keel: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// common flags of build, serve and check.
type siteFlags struct {
	source, audience string
	drafts           bool
}

func (f *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "site root `DIR` (holds content/, templates/, static/, keel.yaml)")
	fs.StringVar(&f.audience, "audience", "internal", "edition to build: internal or public")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft: true")
}

func (f *siteFlags) validate() error {
	if f.audience != "internal" && f.audience != "public" {
		return fmt.Errorf("--audience must be internal or public, got %q", f.audience)
	}
	if st, err := os.Stat(f.source); err != nil || !st.IsDir() {
		return fmt.Errorf("--source %s: not a folder", f.source)
	}
	return nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("keel "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses and rejects stray arguments; it returns an exit code when parsing failed.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

func cmdBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", stderr)
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "_site", "output `DIR`")
	baseURL := fs.String("base-url", "", "override keel.yaml's baseURL (e.g. https://docs.example.com/portal/)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if err := sf.validate(); err != nil {
		fmt.Fprintln(stderr, "keel build:", err)
		return exitUsage
	}
	if err := output.CheckPlace(sf.source, *out); err != nil {
		fmt.Fprintln(stderr, "keel build:", err)
		return exitUsage
	}
	// Pages stream into a folder beside --out as they are rendered; only a
	// build without errors is swapped in. The folder is the output before
	// last, kept in the cache: only files that changed are written.
	cache := cacheDir(sf.source)
	staged, err := output.BeginReusing(*out, cache)
	if err != nil {
		fmt.Fprintln(stderr, "keel build:", err)
		return exitUsage
	}
	writes := output.NewReporting(staged)
	res := build.New(build.Options{Source: sf.source, Audience: sf.audience, Drafts: sf.drafts, BaseURL: *baseURL,
		Theme: keel.Theme(), Output: writes, CacheDir: cache, Once: true}).Build()
	res.Diags.WriteText(stderr)
	if res.Diags.HasErrors() {
		staged.Abort()
		return reportFailure(res.Diags, stderr)
	}
	if msg := writes.Failure(*out); msg != "" {
		staged.Abort()
		fmt.Fprintln(stderr, "keel build:", msg)
		return exitUsage
	}
	if err := staged.Commit(); err != nil {
		fmt.Fprintln(stderr, "keel build:", err)
		return exitUsage
	}
	reused := ""
	if res.Stats.Reused > 0 {
		reused = fmt.Sprintf(" (%d reused from the last build, not rendered)", res.Stats.Reused)
	}
	fmt.Fprintf(stdout, "built %s edition into %s: %s, %d static files, %d files%s in %s\n",
		sf.audience, *out, res.Stats.KindSummary(), res.Stats.Static, res.Stats.Files, reused, res.Stats.Duration.Round(1e6))
	return exitOK
}

func reportFailure(diags diag.List, stderr io.Writer) int {
	fmt.Fprintf(stderr, "%s; nothing was written\n", diags.Summary())
	return exitFor(diags)
}

// exitFor is 2 when the configuration or a flag is wrong, else 1.
func exitFor(diags diag.List) int {
	for _, d := range diags {
		if d.Severity == diag.Error && (d.Path == "keel.yaml" || strings.HasPrefix(d.Path, "--")) {
			return exitUsage
		}
	}
	return exitContent
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "diagnostics format: text or json (one object per line)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if err := sf.validate(); err != nil {
		fmt.Fprintln(stderr, "keel check:", err)
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "keel check: --format must be text or json, got %q\n", *format)
		return exitUsage
	}
	res := build.New(build.Options{Source: sf.source, Audience: sf.audience, Drafts: sf.drafts, Theme: keel.Theme(), Check: true, CacheDir: cacheDir(sf.source)}).Build()
	if *format == "json" {
		res.Diags.WriteJSON(stdout)
	} else {
		res.Diags.WriteText(stdout)
	}
	if res.Diags.HasErrors() {
		if *format == "text" {
			fmt.Fprintf(stderr, "keel check: %s\n", res.Diags.Summary())
		}
		return exitFor(res.Diags)
	}
	if *format == "text" {
		errs, warns := res.Diags.Count()
		fmt.Fprintf(stderr, "checked %s edition: %s; %d errors, %d warnings in %s\n", sf.audience, res.Stats.KindSummary(), errs, warns, res.Stats.Duration.Round(1e6))
	}
	return exitOK
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", stderr)
	source := fs.String("source", ".", "site root `DIR`")
	// Flags may come after the two positional arguments: keel new KIND "Title" --source DIR.
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 {
		fmt.Fprintln(stderr, `usage: keel new KIND "Title" [--source DIR]`)
		return exitUsage
	}
	if st, err := os.Stat(*source); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "keel new: --source %s: not a folder\n", *source)
		return exitUsage
	}
	rel, err := archetype.Create(*source, keel.Theme(), pos[0], pos[1], time.Now().UTC())
	if err != nil {
		fmt.Fprintln(stderr, "keel new:", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, "created", rel)
	if data, err := os.ReadFile(filepath.Join(*source, filepath.FromSlash(rel))); err == nil && draftRE.Match(data) {
		fmt.Fprintln(stderr, "it is a draft: keel serve --drafts shows it; delete its draft: line to publish it")
	}
	return exitOK
}

// draftRE finds draft: true in a new page's front matter.
var draftRE = regexp.MustCompile(`(?m)^draft:\s*true\b`)

// cacheDir is where the persistent build cache lives: .keel/cache in the site
// (ignored by git, safe to delete).
func cacheDir(source string) string { return filepath.Join(source, ".keel", "cache") }
