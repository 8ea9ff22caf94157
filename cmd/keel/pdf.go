package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	keel "keel"
	"keel/internal/output"
	"keel/internal/pdf"
)

// cmdPDF is `keel pdf [--source DIR] [--audience internal|public] [--out DIR] [--base-url URL] PATH…`.
func cmdPDF(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("pdf", stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: keel pdf [--source DIR] [--audience internal|public] [--out DIR] [--base-url URL] PATH…\n\nPATH is a content file or folder of the site (content/briefs/interoperability.md, content/manuals).")
		fs.PrintDefaults()
	}
	var sf siteFlags
	fs.StringVar(&sf.source, "source", ".", "site root `DIR` (holds content/, templates/, static/, keel.yaml)")
	fs.StringVar(&sf.audience, "audience", "internal", "edition to print: internal or public (public prints public pages only)")
	out := fs.String("out", "_pdf", "folder for the PDFs")
	baseURL := fs.String("base-url", "", "override keel.yaml's baseURL: where the PDF's links to other pages go (e.g. the internal edition's host)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if err := sf.validate(); err != nil {
		fmt.Fprintln(stderr, "keel pdf:", err)
		return exitUsage
	}
	if err := output.CheckPDFPlace(sf.source, *out); err != nil {
		fmt.Fprintln(stderr, "keel pdf:", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "keel pdf: name at least one content file or folder (e.g. content/briefs/interoperability.md)")
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := pdf.Run(ctx, pdf.Options{Source: sf.source, Audience: sf.audience, Out: *out, BaseURL: *baseURL, CacheDir: cacheDir(sf.source), Paths: fs.Args(), Theme: keel.Theme()})
	res.Diags.WriteText(stderr)
	if res.Diags.HasErrors() {
		return reportFailure(res.Diags, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		var usage *pdf.UsageError
		if errors.Is(err, pdf.ErrNoChromium) || errors.As(err, &usage) {
			return exitUsage
		}
		return exitContent
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	for _, f := range res.Files {
		fmt.Fprintln(stdout, "wrote", f)
	}
	return exitOK
}
