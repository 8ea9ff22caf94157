package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	keel "keel"
	"keel/internal/build"
	"keel/internal/devloop"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	var sf siteFlags
	sf.register(fs)
	bind := fs.String("bind", "127.0.0.1", "address to listen on (keep the default unless you mean to share your drafts)")
	port := fs.Int("port", 1313, "port to listen on; the next free one is used if it is taken")
	var allow hostList
	fs.Var(&allow, "allow-host", "also answer requests for this host `NAME` (repeatable or comma-separated; localhost, 127.0.0.1, [::1] and the bound address always work)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if err := sf.validate(); err != nil {
		fmt.Fprintln(stderr, "keel serve:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := log.New(stderr, "", log.Ltime)
	return runServe(ctx, sf, *bind, *port, allow, stdout, logger.Printf, nil)
}

// hostList collects --allow-host values.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }

// runServe serves until ctx ends. ready, when set, receives the URL once
// the server listens (for tests).
func runServe(ctx context.Context, sf siteFlags, bind string, port int, allow []string, stdout io.Writer, logf func(string, ...any), ready chan<- string) int {
	err := devloop.Serve(ctx, devloop.Config{
		Build: build.Options{Source: sf.source, Audience: sf.audience, Drafts: sf.drafts, Theme: keel.Theme(), CacheDir: cacheDir(sf.source)},
		Bind:  bind, Port: port, AllowHosts: allow, Logf: logf,
		Ready: func(url string) {
			fmt.Fprintf(stdout, "serving the %s edition of %s at %s (Ctrl-C to stop)\n", sf.audience, sf.source, url)
			if ready != nil {
				ready <- url
			}
		},
	})
	if err != nil {
		logf("keel serve: %v", err)
		return exitUsage
	}
	return exitOK
}
