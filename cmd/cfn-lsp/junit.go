package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
)

// writeJUnit is cfn-lint's junit format: one test suite, one test case per rule
// ("ID summary"), failing once per finding; rules the selection left out are
// skipped.
func writeJUnit(w io.Writer, rep *report) error {
	type failure struct {
		Type    string `xml:"type,attr"`
		Message string `xml:"message,attr"`
	}
	type skipped struct {
		Message string `xml:"message,attr"`
	}
	type testcase struct {
		Name     string    `xml:"name,attr"`
		URL      string    `xml:"url,attr,omitempty"`
		Skipped  *skipped  `xml:"skipped"`
		Failures []failure `xml:"failure"`
	}
	type testsuite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Errors   int        `xml:"errors,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type testsuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Suites   []testsuite `xml:"testsuite"`
	}
	byRule := map[string][]failure{}
	for _, r := range rep.results {
		for _, d := range r.Diags {
			byRule[d.Code] = append(byRule[d.Code], failure{Type: d.Message,
				Message: fmt.Sprintf("%s at %s:%d:%d", d.Message, r.Path, d.Range.Start.Line+1, d.Range.Start.Char+1)})
		}
	}
	enabled := map[string]bool{}
	for _, r := range rep.enabled {
		enabled[r.ID] = true
	}
	suite := testsuite{Name: "CloudFormation Lint"}
	var ids []string
	for id := range rep.rules {
		ids = append(ids, id)
	}
	for id := range byRule {
		if _, ok := rep.rules[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return diag.IDLess(ids[i], ids[j]) })
	for _, id := range ids {
		tc := testcase{Name: id + " " + rep.summary(id), URL: helpURI(rep.rules[id])}
		switch f := byRule[id]; {
		case len(f) > 0:
			tc.Failures = f
			suite.Failures += len(f)
		case !enabled[id]:
			tc.Skipped = &skipped{"Ignored rule"}
			suite.Skipped++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	doc := testsuites{Tests: suite.Tests, Failures: suite.Failures, Suites: []testsuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "\t")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
