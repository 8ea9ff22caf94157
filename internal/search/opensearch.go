package search

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// OpenSearchXML is /opensearch.xml, which lets a browser add the portal as
// a search engine. baseURL is the site's absolute base, e.g.
// "https://docs.example.com/sub/"; searches go to {baseURL}search/?q=….
func OpenSearchXML(title, baseURL string) []byte {
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	esc := func(s string) string {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	short := []rune(title)
	if len(short) > 16 { // the spec's limit for ShortName
		short = short[:16]
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">` + "\n")
	b.WriteString("  <ShortName>" + esc(string(short)) + "</ShortName>\n")
	b.WriteString("  <Description>" + esc("Search "+title) + "</Description>\n")
	b.WriteString("  <InputEncoding>UTF-8</InputEncoding>\n")
	b.WriteString(`  <Url type="text/html" method="get" template="` + esc(baseURL+"search/?q={searchTerms}") + `"/>` + "\n")
	b.WriteString(`  <Url type="application/opensearchdescription+xml" rel="self" template="` + esc(baseURL+"opensearch.xml") + `"/>` + "\n")
	b.WriteString("</OpenSearchDescription>\n")
	return []byte(b.String())
}
