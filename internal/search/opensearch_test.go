package search

import (
	"encoding/xml"
	"testing"
)

func TestOpenSearchXML(t *testing.T) {
	var d struct {
		ShortName string `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal(OpenSearchXML("R&D <Portal> of Hexin Health", "https://x.example/sub"), &d); err != nil {
		t.Fatal(err)
	}
	if d.ShortName != "R&D <Portal> of " {
		t.Errorf("ShortName = %q", d.ShortName)
	}
	if len(d.URLs) != 2 || d.URLs[0].Type != "text/html" || d.URLs[0].Template != "https://x.example/sub/search/?q={searchTerms}" {
		t.Errorf("Url = %+v", d.URLs)
	}
}
