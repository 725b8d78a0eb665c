package navigation

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Target is a named entry of a template: a parameter, resource, condition,
// mapping, or an output export (Section Exports, Name its refs.ExportKey); or
// the identifier of a Fn::ForEach loop (Section Identifiers, Loop set).
type Target struct {
	Section string
	Name    string
	Loop    *refs.Loop
}

// Identifiers is the Section of a Target that is a loop's identifier.
const Identifiers = "Fn::ForEach"

// Location is where a definition lives: a range of this template, or (File set)
// a local file named by a nested stack's TemplateURL, relative to the template.
type Location struct {
	Range template.Range
	File  string
}

// Edit replaces Range with NewText.
type Edit struct {
	Range   template.Range
	NewText string
}

// At returns the entry named at pos and the range of the name under the cursor:
// a reference, or a declaration key (an output's key or Export Name for exports).
func At(t *template.Template, pos template.Pos) (Target, template.Range, bool) {
	return at(t, references(t), pos)
}

func at(t *template.Template, rs []*refs.Ref, pos template.Pos) (Target, template.Range, bool) {
	if t == nil || t.Root == nil {
		return Target{}, template.Range{}, false
	}
	// The innermost reference at pos: a loop's ${Id} inside a name written
	// with it ("Queue${Id}") is the identifier.
	var in *refs.Ref
	for _, r := range rs {
		if r.Range.Contains(pos) && (r.BoundBy != nil || r.Target != "") && (in == nil || in.Range.Start.Less(r.Range.Start)) {
			in = r
		}
	}
	switch {
	case in == nil:
	case in.BoundBy != nil:
		return Target{Identifiers, in.Name, in.BoundBy}, in.Range, true
	default:
		return Target{Section: in.Target, Name: in.Name}, in.Range, true
	}
	ix := refs.Of(t)
	for _, l := range ix.Loops {
		if l.VariableNode.Range.Contains(pos) && l.Variable != "" {
			return Target{Identifiers, l.Variable, l}, identifierRange(t, l), true
		}
	}
	for _, sec := range []string{Parameters, Resources, Conditions, Mappings} {
		for _, d := range ix.Declared(sec) {
			if d.Key.Range.Contains(pos) {
				return Target{Section: sec, Name: d.Name}, d.Range, true
			}
		}
	}
	for _, d := range ix.Declared(Exports) {
		if d.Entry.Key.Range.Contains(pos) || d.Key.Range.Contains(pos) {
			return Target{Section: Exports, Name: d.Name}, d.Range, true
		}
	}
	return Target{}, template.Range{}, false
}

// Declaration returns the range of the declaration of target: the entry's key,
// or for an export the Export Name value of the output declaring it.
func Declaration(t *template.Template, target Target) (template.Range, bool) {
	if target.Loop != nil {
		return identifierRange(t, target.Loop), true
	}
	if d := refs.Of(t).Decl(target.Section, target.Name); d != nil {
		return d.Range, true
	}
	return template.Range{}, false
}

// Definition returns where the thing at pos is declared: the key of a
// referenced parameter, resource, condition or mapping, the output exporting an
// imported name, or the local file of a nested stack's TemplateURL.
func Definition(t *template.Template, pos template.Pos) (Location, bool) {
	if t == nil || t.Root == nil {
		return Location{}, false
	}
	if f, ok := templateURLAt(t, pos); ok {
		return Location{File: f}, true
	}
	target, _, ok := At(t, pos)
	if !ok {
		return Location{}, false
	}
	r, ok := Declaration(t, target)
	return Location{Range: r}, ok
}

// templateURLAt returns the local path written as the TemplateURL of a nested
// stack (or Location of a SAM application) when pos is on it.
func templateURLAt(t *template.Template, pos template.Pos) (string, bool) {
	for _, r := range t.Resources {
		if n, path, ok := nestedTemplate(r); ok && n.Range.Contains(pos) {
			return path, true
		}
	}
	return "", false
}

// LocalPath returns the file path of a TemplateURL that names a local file
// (a relative or absolute path, or a file:// URL) rather than an S3 or HTTP URL.
func LocalPath(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		if u.Scheme == "file" {
			return u.Path, true
		}
		return "", false
	}
	return s, true
}

// FindReferences returns the ranges of every reference to target, and its
// declaration first when includeDecl is set.
func FindReferences(t *template.Template, target Target, includeDecl bool) []template.Range {
	return findRefs(t, references(t), target, includeDecl)
}

func findRefs(t *template.Template, rs []*refs.Ref, target Target, includeDecl bool) []template.Range {
	var out []template.Range
	if includeDecl {
		if r, ok := Declaration(t, target); ok {
			out = append(out, r)
		}
	}
	for _, r := range rs {
		if target.Loop != nil && r.BoundBy == target.Loop || target.Loop == nil && r.Target == target.Section && r.Name == target.Name {
			out = append(out, r.Range)
		}
	}
	return out
}

// identifierRange is the range of a loop's identifier as written, without quotes.
func identifierRange(t *template.Template, l *refs.Loop) template.Range {
	if r, ok := t.Find(l.VariableNode, l.Variable, 0); ok {
		return r
	}
	return l.VariableNode.Range
}

// Highlight is one occurrence of the name under the cursor.
type Highlight struct {
	Range template.Range
	Write bool // the declaration
}

// Highlights returns the occurrences in t of the entry named at pos.
func Highlights(t *template.Template, pos template.Pos) []Highlight {
	rs := references(t)
	target, _, ok := at(t, rs, pos)
	if !ok {
		return nil
	}
	var out []Highlight
	if r, ok := Declaration(t, target); ok {
		out = append(out, Highlight{Range: r, Write: true})
	}
	for _, r := range findRefs(t, rs, target, false) {
		out = append(out, Highlight{Range: r})
	}
	return out
}

// MaxNameLength is the longest logical id CloudFormation accepts.
const MaxNameLength = 255

var validName = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// ErrNotRenamable is returned when the cursor is not on something rename handles.
var ErrNotRenamable = errors.New("only parameters, resources, conditions and mappings can be renamed; put the cursor on a logical id or on a reference to one")

// PrepareRename returns the range of the name at pos and its current text, or
// an error saying why it cannot be renamed.
func PrepareRename(t *template.Template, pos template.Pos) (template.Range, string, error) {
	_, rng, err := prepare(t, references(t), pos)
	if err != nil {
		return template.Range{}, "", err
	}
	return rng, t.Text[t.Lines.Offset(rng.Start):t.Lines.Offset(rng.End)], nil
}

// prepare finds the renamable entry at pos.
func prepare(t *template.Template, rs []*refs.Ref, pos template.Pos) (Target, template.Range, error) {
	if t == nil || t.Root == nil {
		return Target{}, template.Range{}, ErrNotRenamable
	}
	for _, r := range rs {
		if r.Range.Contains(pos) && r.Target == "" && r.BoundBy == nil {
			return Target{}, template.Range{}, fmt.Errorf("%q is not declared in this template", r.Name)
		}
	}
	target, rng, ok := at(t, rs, pos)
	if !ok || target.Section == Exports {
		return Target{}, template.Range{}, ErrNotRenamable
	}
	if target.Loop != nil {
		return target, rng, nil
	}
	d := refs.Of(t).Decl(target.Section, target.Name)
	switch {
	case d == nil:
		return Target{}, template.Range{}, fmt.Errorf("%q is not declared in this template", target.Name)
	case d.By != nil:
		return Target{}, template.Range{}, fmt.Errorf("%q is made by the SAM transform for %s; it is renamed with it", target.Name, d.By.Name)
	case d.Loop != nil:
		return Target{}, template.Range{}, fmt.Errorf("%q is produced by the loop Fn::ForEach::%s from its key %s: rename the key or the loop's collection",
			target.Name, d.Loop.Name, d.Key.Value)
	}
	return target, rng, nil
}

// Rename returns the edits that rename the entry at pos to newName: its
// declaration and every reference, Sub strings included. Invalid names and
// names already taken are refused.
func Rename(t *template.Template, pos template.Pos, newName string) ([]Edit, error) {
	rs := references(t)
	target, _, err := prepare(t, rs, pos)
	if err != nil {
		return nil, err
	}
	if err := CheckName(t, target.Section, target.Name, newName); err != nil {
		return nil, err
	}
	if newName == target.Name {
		return nil, nil
	}
	if target.Loop != nil {
		for _, r := range refs.Of(t).Refs {
			if r.Name == newName && inLoop(r.Loop, target.Loop) {
				return nil, fmt.Errorf("%q is already named in the body of Fn::ForEach::%s; the identifier would hide it", newName, target.Loop.Name)
			}
		}
	}
	var edits []Edit
	for _, r := range findRefs(t, rs, target, true) {
		edits = append(edits, Edit{Range: r, NewText: newName})
	}
	if target.Section == Resources {
		// What the SAM transform makes for the resource is named after it
		// (MyFunctionRole, MyFunction.Alias): references to it follow.
		ix := refs.Of(t)
		for _, r := range rs {
			if d := ix.Resolve(r); d != nil && d.By != nil && d.By.Name == target.Name && strings.HasPrefix(r.Name, target.Name) {
				end := r.Range.Start
				end.Char += template.UTF16Len(target.Name)
				edits = append(edits, Edit{Range: template.Range{Start: r.Range.Start, End: end}, NewText: newName})
			}
		}
	}
	return edits, nil
}

// CheckName reports why newName cannot name an entry of section (renaming old):
// it must be alphanumeric, at most MaxNameLength long, and not taken.
func CheckName(t *template.Template, section, old, newName string) error {
	if section == Identifiers {
		if !validName.MatchString(newName) {
			return fmt.Errorf("%q is not a valid identifier: use only letters A-Z, a-z and digits 0-9", newName)
		}
		return nil
	}
	switch {
	case newName == "":
		return errors.New("the new name is empty")
	case !validName.MatchString(newName):
		return fmt.Errorf("%q is not a valid name: use only letters A-Z, a-z and digits 0-9", newName)
	case len(newName) > MaxNameLength:
		return fmt.Errorf("the new name is %d characters long; CloudFormation allows at most %d", len(newName), MaxNameLength)
	case newName == old:
		return nil
	}
	sections := []string{section}
	if section == Parameters || section == Resources {
		// Ref and Sub resolve both: a parameter and a resource cannot share a name.
		sections = []string{Parameters, Resources}
	}
	ix := refs.Of(t)
	for _, sec := range sections {
		if ix.Decl(sec, newName) != nil {
			return fmt.Errorf("%q is already taken by an entry of %s", newName, sec)
		}
	}
	return nil
}

// inLoop reports whether loop l is outer or one of the loops it stands in.
func inLoop(l, outer *refs.Loop) bool {
	for ; l != nil; l = l.Outer {
		if l == outer {
			return true
		}
	}
	return false
}
