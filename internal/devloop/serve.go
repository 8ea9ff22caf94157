package devloop

import (
	"context"
	"fmt"
	"path/filepath"

	"keel/internal/build"
	"keel/internal/serve"
	"keel/internal/watch"
)

// Config is what `keel serve` was asked for.
type Config struct {
	// Build selects the site and edition; Serve makes it lenient (content
	// errors mark their pages, every other page keeps updating).
	Build      build.Options
	Bind       string
	Port       int
	AllowHosts []string
	Logf       func(format string, args ...any)
	// Ready is called with the URL once the server listens.
	Ready func(url string)
}

// Serve builds the site, serves it and rebuilds on every change until ctx
// ends. An error means it could not start (watch or listen).
func Serve(ctx context.Context, cfg Config) error {
	cfg.Build.Lenient = true
	cfg.Build.Changes = true // the server keeps the one copy of the output
	b := build.New(cfg.Build)
	res := b.Build()
	base := "/"
	if res.Site != nil {
		base = res.Site.Config.BasePath
	}
	root, _ := filepath.Abs(cfg.Build.Source)
	srv := serve.New(serve.Options{BasePath: base, Logf: cfg.Logf, AllowHosts: cfg.AllowHosts, Root: root})
	defer srv.Close()
	l := New(Options{Builder: b, Server: srv, Logf: cfg.Logf})
	l.Publish(res)
	res = build.Result{} // the loop and the server keep what they need

	w, err := watch.New(cfg.Build.Source, []string{"content", "templates", "static"}, []string{"keel.yaml"}, watch.Options{Logf: cfg.Logf})
	if err != nil {
		return fmt.Errorf("cannot watch %s: %w", cfg.Build.Source, err)
	}
	defer w.Close()
	url, err := serve.ListenAndServe(ctx, srv, cfg.Bind, cfg.Port, cfg.Logf)
	if err != nil {
		return err
	}
	if cfg.Ready != nil {
		cfg.Ready(url)
	}
	l.Run(ctx, w.Batches())
	return nil
}
