package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// mutation injects one mistake into a template at a reference it picks.
type mutation struct {
	name string
	pick func(t *template.Template, r refcheck.Reference) bool
	edit func(t *template.Template, r refcheck.Reference) (string, bool)
}

// replace returns the text of t with rng replaced.
func replace(t *template.Template, rng template.Range, text string) (string, bool) {
	s, e := t.Lines.Offset(rng.Start), t.Lines.Offset(rng.End)
	return t.Text[:s] + text + t.Text[e:], true
}

// typo misspells a referenced name.
func typo(t *template.Template, r refcheck.Reference) (string, bool) {
	return replace(t, r.Range, r.Target+"X")
}

var mutations = []mutation{
	{"ref", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindRef && refcheck.Resolve(t, r) != nil
	}, typo},
	{"pseudo", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindRef && refcheck.IsPseudo(r.Target)
	}, func(t *template.Template, r refcheck.Reference) (string, bool) {
		return replace(t, r.Range, r.Target+"x")
	}},
	{"getatt-resource", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindGetAtt && refcheck.Resolve(t, r) != nil
	}, typo},
	{"getatt-attribute", func(t *template.Template, r refcheck.Reference) bool {
		e := refcheck.Resolve(t, r)
		return r.Kind == refcheck.KindGetAtt && e != nil && r.Attr != "" && !strings.Contains(e.Type(), "Custom") &&
			e.Type() != "AWS::CloudFormation::CustomResource"
	}, misspellAttr},
	{"sub", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindSub && r.Attr == "" && !refcheck.IsPseudo(r.Target) && refcheck.Resolve(t, r) != nil
	}, typo},
	{"dependson", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindDependsOn && refcheck.Resolve(t, r) != nil
	}, typo},
	{"condition", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindCondition && refcheck.Resolve(t, r) != nil && r.Section == "Resources"
	}, typo},
	{"findinmap", func(t *template.Template, r refcheck.Reference) bool {
		return r.Kind == refcheck.KindFindInMap && refcheck.Resolve(t, r) != nil
	}, typo},
}

// mutate writes, for every template and every mutation that applies to it, a
// copy with that one mistake into out. It returns the files written.
func mutate(files []string, out string) ([]string, error) {
	var written []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		t := template.Parse(f, string(data))
		if t.Err != nil || !t.IsTemplate() {
			continue
		}
		refs := refcheck.References(t)
		base := strings.NewReplacer(string(filepath.Separator), "_", ":", "_").Replace(filepath.Clean(f))
		ext := filepath.Ext(base)
		base = strings.TrimSuffix(base, ext)
		for _, m := range mutations {
			text, ok := apply(t, refs, m)
			if !ok {
				continue
			}
			name := filepath.Join(out, fmt.Sprintf("%s.%s%s", base, m.name, ext))
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				return nil, err
			}
			written = append(written, name)
		}
	}
	return written, nil
}

// apply applies m at the middle one of the references it picks.
func apply(t *template.Template, refs []refcheck.Reference, m mutation) (string, bool) {
	var cands []refcheck.Reference
	for _, r := range refs {
		if r.Range.Start.Line == r.Range.End.Line && m.pick(t, r) {
			cands = append(cands, r)
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	return m.edit(t, cands[len(cands)/2])
}

// misspellAttr appends "x" to the attribute of a GetAtt reference.
func misspellAttr(t *template.Template, r refcheck.Reference) (string, bool) {
	// The attribute follows the name in "Name.Attr" or is the next list item.
	from := t.Lines.Offset(r.Range.End)
	i := strings.Index(t.Text[from:], r.Attr)
	if i < 0 || i > 40 {
		return "", false
	}
	at := from + i + len(r.Attr)
	return t.Text[:at] + "x" + t.Text[at:], true
}
