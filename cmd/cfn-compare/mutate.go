package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// mutation injects one mistake into a template at a reference it picks.
type mutation struct {
	name string
	pick func(ix *refs.Index, r *refs.Ref) bool
	edit func(t *template.Template, r *refs.Ref) (string, bool)
}

// replace returns the text of t with rng replaced.
func replace(t *template.Template, rng template.Range, text string) (string, bool) {
	s, e := t.Lines.Offset(rng.Start), t.Lines.Offset(rng.End)
	return t.Text[:s] + text + t.Text[e:], true
}

// typo misspells a referenced name.
func typo(t *template.Template, r *refs.Ref) (string, bool) {
	return replace(t, r.Range, r.Name+"X")
}

var mutations = []mutation{
	{"ref", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindRef && ix.Resolve(r) != nil
	}, typo},
	{"pseudo", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindRef && lang.IsPseudo(r.Name)
	}, func(t *template.Template, r *refs.Ref) (string, bool) {
		return replace(t, r.Range, r.Name+"x")
	}},
	{"getatt-resource", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindGetAtt && ix.Resolve(r) != nil
	}, typo},
	{"getatt-attribute", func(ix *refs.Index, r *refs.Ref) bool {
		d := ix.Resolve(r)
		return r.Kind == refs.KindGetAtt && d != nil && r.Attr != "" && !strings.Contains(d.Entry.Type(), "Custom") &&
			d.Entry.Type() != "AWS::CloudFormation::CustomResource"
	}, misspellAttr},
	{"sub", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindSub && r.Attr == "" && !lang.IsPseudo(r.Name) && ix.Resolve(r) != nil
	}, typo},
	{"dependson", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindDependsOn && ix.Resolve(r) != nil
	}, typo},
	{"condition", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindCondition && ix.Resolve(r) != nil && r.Section == "Resources"
	}, typo},
	{"findinmap", func(ix *refs.Index, r *refs.Ref) bool {
		return r.Kind == refs.KindFindInMap && ix.Resolve(r) != nil
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
		ix := refs.Of(t)
		base := strings.NewReplacer(string(filepath.Separator), "_", ":", "_").Replace(filepath.Clean(f))
		ext := filepath.Ext(base)
		base = strings.TrimSuffix(base, ext)
		for _, m := range mutations {
			text, ok := apply(t, ix, m)
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
func apply(t *template.Template, ix *refs.Index, m mutation) (string, bool) {
	var cands []*refs.Ref
	for i := range ix.Refs {
		if r := &ix.Refs[i]; r.BoundBy == nil && r.Range.Start.Line == r.Range.End.Line && m.pick(ix, r) {
			cands = append(cands, r)
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	return m.edit(t, cands[len(cands)/2])
}

// misspellAttr appends "x" to the attribute of a GetAtt reference.
func misspellAttr(t *template.Template, r *refs.Ref) (string, bool) {
	// The attribute follows the name in "Name.Attr" or is the next list item.
	from := t.Lines.Offset(r.Range.End)
	i := strings.Index(t.Text[from:], r.Attr)
	if i < 0 || i > 40 {
		return "", false
	}
	at := from + i + len(r.Attr)
	return t.Text[:at] + "x" + t.Text[at:], true
}
