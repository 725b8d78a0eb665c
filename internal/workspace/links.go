package workspace

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Location is a range of a template of the workspace.
type Location struct {
	Path, URI string
	Range     template.Range
}

func (f *File) at(r template.Range) Location { return Location{Path: f.Path, URI: f.URI, Range: r} }

// siteKind is what a position of a template names across files.
type siteKind int

const (
	noSite     siteKind = iota
	importSite          // a Fn::ImportValue's name
	exportSite          // an output's Export Name, or the key of an exporting output
	passedSite          // a parameter a nested stack passes
	useSite             // Outputs.X of a nested stack's GetAtt
	paramSite           // a parameter's key (a child's parameter, for its parents)
	outputSite          // an output's key (a child's output, for its parents)
	ssmSite             // an SSM parameter name written or read
)

type site struct {
	kind  siteKind
	rng   template.Range
	name  Name   // import, export, ssm
	entry string // the parameter or output name
	child string // passed, use: the child template's path
}

// siteAt finds what pos names in f.
func (f *File) siteAt(pos template.Pos) site {
	for _, im := range f.Imports {
		if im.Range.Contains(pos) {
			return site{kind: importSite, rng: im.Range, name: im.Name}
		}
	}
	for _, e := range f.Exports {
		if e.Range.Contains(pos) {
			return site{kind: exportSite, rng: e.Range, name: e.Name, entry: e.Output}
		}
	}
	for _, s := range f.Stacks {
		for _, p := range s.Params {
			if p.Range.Contains(pos) {
				return site{kind: passedSite, rng: p.Range, entry: p.Name, child: s.Child}
			}
		}
	}
	for _, u := range f.OutputUses {
		if u.Range.Contains(pos) {
			return site{kind: useSite, rng: u.Range, entry: u.Output, child: f.childOf(u.Resource)}
		}
	}
	for _, list := range [][]SSM{f.SSMWrites, f.SSMReads} {
		for _, s := range list {
			if s.Range.Contains(pos) {
				return site{kind: ssmSite, rng: s.Range, name: s.Name}
			}
		}
	}
	for _, sym := range f.Symbols {
		if !sym.Range.Contains(pos) {
			continue
		}
		switch sym.Section {
		case refs.Parameters:
			return site{kind: paramSite, rng: sym.Range, entry: sym.Name, child: f.Path}
		case refs.Outputs:
			s := site{kind: outputSite, rng: sym.Range, entry: sym.Name, child: f.Path}
			for _, e := range f.Exports {
				if e.Output == sym.Name {
					s.name = e.Name
				}
			}
			return s
		}
	}
	return site{}
}

// Children returns the paths of the local templates the template at path
// nests.
func (ix *Index) Children(path string) []string {
	f := ix.file(path)
	if f == nil {
		return nil
	}
	var out []string
	for _, s := range f.Stacks {
		out = append(out, s.Child)
	}
	return out
}

// Nests reports whether the template at path nests a local template.
func (ix *Index) Nests(path string) bool { return len(ix.Children(path)) > 0 }

// childOf returns the child template path of a nested stack resource.
func (f *File) childOf(resource string) string {
	for _, s := range f.Stacks {
		if s.Resource == resource {
			return s.Child
		}
	}
	return ""
}

// symbol returns the range of a declared entry of f.
func (f *File) symbol(section, name string) (template.Range, bool) {
	for _, s := range f.Symbols {
		if s.Section == section && s.Name == name {
			return s.Range, true
		}
	}
	return template.Range{}, false
}

// Definition returns where what pos names in t (the current parse of the file
// at path) is declared in the workspace: the outputs exporting an imported
// name, a nested stack's child parameter or output, the SSM parameter
// resources writing a name read. Empty when pos names nothing across files.
func (ix *Index) Definition(path string, t *template.Template, pos template.Pos) []Location {
	f := ix.fileOf(path, t)
	s := f.siteAt(pos)
	var out []Location
	switch s.kind {
	case importSite:
		for _, o := range ix.files(f) {
			for _, e := range o.Exports {
				if Matches(e.Name, s.name) {
					out = append(out, o.at(e.Range))
				}
			}
		}
	case passedSite, useSite:
		sec := refs.Parameters
		if s.kind == useSite {
			sec = refs.Outputs
		}
		if c := ix.child(s.child); c != nil {
			if r, ok := c.symbol(sec, s.entry); ok {
				out = append(out, c.at(r))
			}
		}
	case ssmSite:
		for _, o := range ix.files(f) {
			for _, w := range o.SSMWrites {
				if Matches(w.Name, s.name) {
					out = append(out, o.at(w.Range))
				}
			}
		}
	}
	return out
}

// References returns every use across the workspace of what pos names in t:
// for an export (or an import of one), the imports of its name; for a
// parameter or output of a nested stack's child (or a parent's use of one),
// the parents' Parameters keys and GetAtts; for an SSM parameter name, its
// readers and writers. includeDecl adds the declarations. The current file's
// own uses are included.
func (ix *Index) References(path string, t *template.Template, pos template.Pos, includeDecl bool) []Location {
	f := ix.fileOf(path, t)
	s := f.siteAt(pos)
	if s.kind == noSite {
		return nil
	}
	all := ix.files(f)
	var out []Location
	switch s.kind {
	case importSite, exportSite:
		out = append(out, exportRefs(all, s.name, includeDecl)...)
	case ssmSite:
		for _, o := range all {
			for _, w := range o.SSMWrites {
				if includeDecl && Matches(w.Name, s.name) {
					out = append(out, o.at(w.Range))
				}
			}
			for _, r := range o.SSMReads {
				if Matches(r.Name, s.name) {
					out = append(out, o.at(r.Range))
				}
			}
		}
	}
	if s.kind == outputSite && s.name.Text != "" {
		out = append(out, exportRefs(all, s.name, false)...)
	}
	switch s.kind {
	case passedSite, useSite, paramSite, outputSite:
		sec := refs.Parameters
		if s.kind == useSite || s.kind == outputSite {
			sec = refs.Outputs
		}
		if includeDecl {
			if c := ix.child(s.child); c != nil {
				if r, ok := c.symbol(sec, s.entry); ok {
					out = append(out, c.at(r))
				}
			}
		}
		for _, o := range all {
			for _, st := range o.Stacks {
				if st.Child != s.child {
					continue
				}
				if sec == refs.Parameters {
					for _, p := range st.Params {
						if p.Name == s.entry {
							out = append(out, o.at(p.Range))
						}
					}
					continue
				}
				for _, u := range o.OutputUses {
					if u.Resource == st.Resource && u.Output == s.entry {
						out = append(out, o.at(u.Range))
					}
				}
			}
		}
	}
	return dedupe(out)
}

// exportRefs lists the imports matching name, and with decl the exports.
func exportRefs(all []*File, name Name, decl bool) []Location {
	var out []Location
	for _, o := range all {
		if decl {
			for _, e := range o.Exports {
				if Matches(e.Name, name) {
					out = append(out, o.at(e.Range))
				}
			}
		}
		for _, im := range o.Imports {
			if Matches(im.Name, name) {
				out = append(out, o.at(im.Range))
			}
		}
	}
	return out
}

func dedupe(ls []Location) []Location {
	seen := map[Location]bool{}
	out := ls[:0]
	for _, l := range ls {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// child returns the summary of a nested stack's child template, reading it
// when the walk has not (it may lie outside the workspace folders).
func (ix *Index) child(path string) *File {
	if path == "" {
		return nil
	}
	if f := ix.file(path); f != nil {
		return f
	}
	d := ix.read(path)
	if d == nil || d.file == nil {
		return nil
	}
	ix.mu.Lock()
	if ix.disk[path] == nil {
		ix.disk[path] = d
	}
	ix.mu.Unlock()
	return d.file
}

// Exporter is an export and the template declaring it.
type Exporter struct {
	Export
	File *File
}

// Hover returns, for an import at pos, the templates exporting its name and
// the range of the name; for an export, the templates importing it.
func (ix *Index) Hover(path string, t *template.Template, pos template.Pos) (markdown string, rng template.Range, ok bool) {
	f := ix.fileOf(path, t)
	s := f.siteAt(pos)
	all := ix.files(f)
	var b strings.Builder
	switch s.kind {
	case importSite:
		fmt.Fprintf(&b, "**Fn::ImportValue** `%s`\n\n", s.name.Text)
		n := 0
		for _, o := range all {
			for _, e := range o.Exports {
				if !Matches(e.Name, s.name) {
					continue
				}
				n++
				fmt.Fprintf(&b, "Exported by `%s` (output `%s`", rel(f.Path, o.Path), e.Output)
				if e.Name.Partial {
					fmt.Fprintf(&b, ", as `%s`", e.Name.Text)
				}
				b.WriteString(")")
				if e.Value != "" {
					fmt.Fprintf(&b, ": `%s`", e.Value)
				}
				if e.Description != "" {
					b.WriteString(" — " + e.Description)
				}
				b.WriteString("\n\n")
			}
		}
		if n == 0 {
			b.WriteString("No template of the workspace exports this name.")
			if !ix.Ready() {
				b.WriteString(" (The workspace index is still being built.)")
			}
		}
	case exportSite:
		var users []string
		for _, o := range all {
			for _, im := range o.Imports {
				if Matches(im.Name, s.name) {
					users = append(users, fmt.Sprintf("`%s` (%s)", rel(f.Path, o.Path), im.Entry))
				}
			}
		}
		fmt.Fprintf(&b, "**Export** `%s`\n\n", s.name.Text)
		if len(users) == 0 {
			b.WriteString("No template of the workspace imports it.")
		} else {
			b.WriteString("Imported by " + strings.Join(users, ", ") + ".")
		}
	default:
		return "", template.Range{}, false
	}
	return strings.TrimSpace(b.String()), s.rng, true
}

// rel is path relative to the directory of from, for messages.
func rel(from, path string) string {
	if r, err := filepath.Rel(filepath.Dir(from), path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

// SymbolAt is a workspace symbol.
type SymbolAt struct {
	Symbol
	Path, URI string
}

// Symbols returns the resources, parameters, outputs and exports of every
// template whose name contains the query's letters in order (case-insensitive),
// best first, at most limit of them.
func (ix *Index) Symbols(query string, limit int) []SymbolAt {
	q := strings.ToLower(query)
	type scored struct {
		SymbolAt
		score int
	}
	var found []scored
	for _, f := range ix.files(nil) {
		for _, s := range f.Symbols {
			if sc, ok := fuzzy(q, strings.ToLower(s.Name)); ok {
				found = append(found, scored{SymbolAt{s, f.Path, f.URI}, sc})
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score < found[j].score })
	out := make([]SymbolAt, 0, min(len(found), limit))
	for i := 0; i < len(found) && i < limit; i++ {
		out = append(out, found[i].SymbolAt)
	}
	return out
}

// fuzzy reports whether q's letters occur in s in order, and a score (lower is
// better): the span they cover beyond q's length, and a bonus for a prefix.
func fuzzy(q, s string) (int, bool) {
	if q == "" {
		return len(s), true
	}
	if strings.HasPrefix(s, q) {
		return -1000 + len(s), true
	}
	if i := strings.Index(s, q); i >= 0 {
		return -500 + i, true
	}
	first, j := -1, 0
	for i := 0; i < len(s) && j < len(q); i++ {
		if s[i] == q[j] {
			if first < 0 {
				first = i
			}
			j++
			if j == len(q) {
				return i - first + 1 - len(q), true
			}
		}
	}
	return 0, false
}

// FileEdits are the edits of one file.
type FileEdits struct {
	Path, URI string
	Edits     []Edit
}

// Edit replaces Range with NewText.
type Edit struct {
	Range   template.Range
	NewText string
}

// ErrNotExport: the position is not on an export or an import of one.
var ErrNotExport = errors.New("not an export name")

// PrepareRenameExport returns the range of the export name at pos (on the
// export or an import of it) when a rename can replace it: a literal name.
func (ix *Index) PrepareRenameExport(path string, t *template.Template, pos template.Pos) (template.Range, string, error) {
	f := ix.fileOf(path, t)
	s := f.siteAt(pos)
	if s.kind != exportSite && s.kind != importSite {
		return template.Range{}, "", ErrNotExport
	}
	if s.name.Partial || !literalAt(f, s.rng) {
		return template.Range{}, "", fmt.Errorf("the export name %q is computed (Fn::Sub, Fn::Join): rename the literal name where it is written", s.name.Text)
	}
	return s.rng, s.name.Text, nil
}

func literalAt(f *File, r template.Range) bool {
	for _, e := range f.Exports {
		if e.Range == r {
			return e.Literal
		}
	}
	for _, im := range f.Imports {
		if im.Range == r {
			return im.Literal
		}
	}
	return false
}

// Rename is what renaming an export does.
type Rename struct {
	Old   string
	Files []FileEdits // the exporting and importing templates, in path order
	// Left are imports that may name the export but are computed (a Sub with
	// a parameter): they are not changed, and may no longer match.
	Left []Location
}

// RenameExport renames the export named at pos (on the export or an import
// of it) to newName: the literal export names and imports of every template.
// current returns the current parse of a file (an open document's, else the
// disk's): the edits are computed on it, not on the index's summary, which may
// be older.
func (ix *Index) RenameExport(path string, t *template.Template, pos template.Pos, newName string, current func(path string) *template.Template) (*Rename, error) {
	if _, _, err := ix.PrepareRenameExport(path, t, pos); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(newName) == "" || strings.ContainsAny(newName, "\n\r\t"):
		return nil, errors.New("the new export name is empty or holds a line break or tab")
	case strings.Contains(newName, "${"):
		return nil, errors.New("the new export name holds ${...}: write a Fn::Sub by hand")
	}
	f := ix.fileOf(path, t)
	s := f.siteAt(pos)
	old := s.name
	res := &Rename{Old: old.Text}
	for _, o := range ix.files(f) {
		touches := false
		for _, e := range o.Exports {
			touches = touches || (e.Literal && !e.Name.Partial && e.Name.Text == old.Text)
		}
		for _, im := range o.Imports {
			touches = touches || (im.Literal && im.Name.Text == old.Text)
		}
		if touches {
			cur := f
			if o.Path != f.Path {
				ct := current(o.Path)
				if ct == nil {
					return nil, fmt.Errorf("cannot read %s", o.Path)
				}
				cur = ix.fileOf(o.Path, ct)
			}
			fe := FileEdits{Path: cur.Path, URI: cur.URI}
			for _, e := range cur.Exports {
				if e.Literal && !e.Name.Partial && e.Name.Text == old.Text {
					fe.Edits = append(fe.Edits, Edit{e.Range, newName})
				}
			}
			for _, im := range cur.Imports {
				if im.Literal && im.Name.Text == old.Text {
					fe.Edits = append(fe.Edits, Edit{im.Range, newName})
				}
			}
			if len(fe.Edits) > 0 {
				res.Files = append(res.Files, fe)
			}
		}
		for _, im := range o.Imports {
			if !im.Literal && Matches(im.Name, old) {
				res.Left = append(res.Left, o.at(im.Range))
			}
		}
	}
	return res, nil
}

// ParentEdits returns the edits that follow the rename of a parameter of the
// template at path to newName in the templates nesting it: the keys of their
// nested stacks' Parameters. current gives each parent's current parse, on
// which the edits are computed.
func (ix *Index) ParentEdits(path, parameter, newName string, current func(path string) *template.Template) []FileEdits {
	var out []FileEdits
	for _, o := range ix.files(nil) {
		nests := false
		for _, s := range o.Stacks {
			nests = nests || s.Child == path
		}
		if !nests || o.Path == path {
			continue
		}
		ct := current(o.Path)
		if ct == nil {
			continue
		}
		cur := ix.fileOf(o.Path, ct)
		fe := FileEdits{Path: cur.Path, URI: cur.URI}
		for _, s := range cur.Stacks {
			if s.Child != path {
				continue
			}
			for _, p := range s.Params {
				if p.Name == parameter {
					fe.Edits = append(fe.Edits, Edit{p.Range, newName})
				}
			}
		}
		if len(fe.Edits) > 0 {
			out = append(out, fe)
		}
	}
	return out
}
