// Package corpus generates a deterministic, seeded benchmark corpus: N pages of
// portal content (blueprints, manuals, briefs, plain pages) written once as a keel
// site and once, with the same Markdown, as a Hugo site with a minimal fair theme.
// It knows keel's content model only through the files it writes; it imports no
// other keel package.
package corpus
