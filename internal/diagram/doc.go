// Package diagram renders the source of one diagram block (D2, GoAT, or the
// flowchart and sequence subset of Mermaid, translated to D2) into an SVG
// that needs no script and references nothing outside itself, plus problems
// positioned by line and column inside the block. It is a pure function of
// the source: it knows nothing of Markdown, pages or caches; callers key its
// results by a hash of (kind, source, title).
package diagram
