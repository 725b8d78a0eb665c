// Command cfn-compare measures cfn-lsp against cfn-lint: it runs both over the
// templates of a directory and prints, per rule id, how many findings cfn-lint
// reports, how many cfn-lsp reports, how many both report, and how many only
// one of them reports; then, for errors and for warnings apart:
//
//   - found: the share of cfn-lint's findings that cfn-lsp also reports;
//   - ours only: the share of cfn-lsp's findings cfn-lint does not report.
//
// In scope are all rule ids, or with -scope refcheck only the codes of the
// reference checks (refcheck.Rules). Two findings are the same when they are in
// the same file and have the same code on lines at most one apart. For the
// reference checks two more matches count: a cfn-lint finding filed under a
// parent rule (a bad Ref inside Fn::Select is cfn-lint's E1017, inside an output
// value E6101) confirms one of ours on the same lines; and a cfn-lint finding
// naming the same quoted name up to 200 lines above ours confirms it too
// (cfn-lint places problems inside a multi-line Fn::If, Fn::Join or Fn::Sub at
// the property, cfn-lsp at the name). cfn-lint prints the failures of the
// branches of a oneOf or anyOf it reports (E3017, E3018) as findings of their
// own on the same line; those count as found when cfn-lsp reports the
// combinator. In a file that is not a template (a workflow, an event sample)
// cfn-lint reports E1001 at each top-level key, cfn-lsp once at the top: that
// one finding counts for them. One finding per file, line and code is counted
// on each side.
// Files cfn-lint cannot parse are left out.
//
// cfn-lint's findings come from running it (each file's findings are cached by
// the file's content and cfn-lint's version, under -cache), or with -lint-results
// from a file of its parseable output (`cfn-lint --format parseable`): the
// templates are then those the neighbouring .files list names (FILE with
// .cfnlint.txt replaced by .files), or else those the results name, and paths
// are relative to -lint-base (default: the parent of FILE's directory).
//
// With -mutate the comparison runs on copies of the templates, each with one
// injected mistake (a misspelt Ref, pseudo parameter, GetAtt resource or
// attribute, Sub variable, DependsOn target, Condition or FindInMap map name), so
// that real-world templates yield errors to compare.
//
//	go run ./cmd/cfn-compare [-mutate] [-scope all|refcheck] [-v] [-cfn-lsp BIN] [-direct] [-cache DIR] [DIR]
//	go run ./cmd/cfn-compare -lint-results FILE [-lint-base DIR] [-v]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/refcheck"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// finding is one reported problem, from either tool.
type finding struct {
	File    string
	Line    int // 1-based
	Code    string
	Error   bool
	Message string
	// Within, for a cfn-lint finding at a serverless resource's logical id,
	// are the lines of that resource and of the Globals section: cfn-lint
	// places there what it finds in a property the SAM translator copied
	// (see samPlaces).
	Within []lines `json:"-"`
}

// lines is a span of lines, 1-based, both ends included.
type lines struct{ from, to int }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("cfn-compare", flag.ContinueOnError)
	fl.SetOutput(stderr)
	lsp := fl.String("cfn-lsp", "", "cfn-lsp binary (default: build ./cmd/cfn-lsp into a temporary directory)")
	lint := fl.String("cfn-lint", "cfn-lint", "cfn-lint command")
	scope := fl.String("scope", "all", "codes in scope: all (every rule id) or refcheck (the reference and template rules)")
	verbose := fl.Bool("v", false, "list every disagreement")
	mut := fl.Bool("mutate", false, "compare on copies of the templates with one injected reference mistake each (misspelt Ref, GetAtt, Sub, DependsOn, Condition, FindInMap names)")
	direct := fl.Bool("direct", false, "run only the reference checks in-process instead of cfn-lsp check")
	results := fl.String("lint-results", "", "read cfn-lint's findings from this file of its parseable output instead of running it")
	base := fl.String("lint-base", "", "directory the paths in -lint-results are relative to (default: the parent of its directory)")
	cacheDir := fl.String("cache", defaultCache(), "directory caching cfn-lint's findings per file content (empty: no cache)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: cfn-compare [flags] [DIR]   (DIR defaults to testdata)")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	var files []string
	var theirs []finding
	var err error
	if *results != "" {
		if *base == "" {
			*base = filepath.Dir(filepath.Dir(*results))
		}
		if files, theirs, err = readResults(*results, *base); err != nil {
			fmt.Fprintf(stderr, "cfn-compare: %v\n", err)
			return 2
		}
	} else {
		dir := "testdata"
		if fl.NArg() > 0 {
			dir = fl.Arg(0)
		}
		if files, err = templates(dir); err != nil {
			fmt.Fprintf(stderr, "cfn-compare: %v\n", err)
			return 2
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "cfn-compare: no templates to compare")
		return 2
	}
	if *mut {
		tmp, err := os.MkdirTemp("", "cfn-mutants")
		if err != nil {
			fmt.Fprintf(stderr, "cfn-compare: %v\n", err)
			return 2
		}
		defer os.RemoveAll(tmp)
		if files, err = mutate(files, tmp); err != nil {
			fmt.Fprintf(stderr, "cfn-compare: %v\n", err)
			return 2
		}
	}
	if *results == "" {
		if _, err := exec.LookPath(*lint); err != nil {
			fmt.Fprintf(stderr, "cfn-compare: %s is not installed; nothing to compare with\n", *lint)
			return 0
		}
		cache := *cacheDir
		if *mut {
			cache = "" // the copies live in a new temporary directory each run
		}
		if theirs, err = runLintCached(*lint, files, cache, stderr); err != nil {
			fmt.Fprintf(stderr, "cfn-compare: cfn-lint: %v\n", err)
			return 2
		}
	}
	var ours []finding
	if *direct {
		ours = runDirect(files)
	} else if ours, err = runBinary(*lsp, files, stderr); err != nil {
		fmt.Fprintf(stderr, "cfn-compare: cfn-lsp: %v\n", err)
		return 2
	}
	inScope := scopeCodes(*scope, theirs, ours)
	// Files cfn-lint cannot parse (E0000, e.g. duplicate keys) get no other check
	// from it: leave them out of the comparison.
	unparsed := map[string]bool{}
	for _, f := range theirs {
		if f.Code == "E0000" {
			unparsed[f.File] = true
		}
	}
	theirs, ours = without(theirs, unparsed), without(ours, unparsed)
	theirs = samPlaces(dedupe(theirs))
	m, relaxed := compare(theirs, dedupe(ours), refCodes())
	fmt.Fprintf(stdout, "%d templates (%d left out: cfn-lint could not parse them)\n", len(files)-len(unparsed), len(unparsed))
	report(stdout, m, inScope, relaxed, *verbose)
	return 0
}

// without drops the findings in the given files.
func without(fs []finding, files map[string]bool) []finding {
	out := fs[:0:0]
	for _, f := range fs {
		if !files[f.File] {
			out = append(out, f)
		}
	}
	return out
}

// dedupe keeps one finding per file, line and code: cfn-lint often words one
// problem twice ("not of type 'string'" and "expected maximum item count").
func dedupe(fs []finding) []finding {
	type key struct {
		file, code string
		line       int
	}
	seen := map[key]bool{}
	out := fs[:0]
	for _, f := range fs {
		k := key{f.File, f.Code, f.Line}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// runBinary runs cfn-lsp check, building it first when bin is empty.
func runBinary(bin string, files []string, stderr io.Writer) ([]finding, error) {
	if bin == "" {
		tmp, err := os.MkdirTemp("", "cfn-compare")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		bin = filepath.Join(tmp, "cfn-lsp")
		build := exec.Command("go", "build", "-o", bin, "./cmd/cfn-lsp")
		build.Stderr = stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building ./cmd/cfn-lsp: %w", err)
		}
	}
	return runLSP(bin, files)
}

// runDirect runs refcheck.Check in-process (no suppressions, no other checks).
func runDirect(files []string) []finding {
	var out []finding
	spec := schema.Default()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		abs, _ := filepath.Abs(f)
		t := template.Parse("file://"+filepath.ToSlash(abs), string(data))
		if !t.IsTemplate() {
			continue
		}
		for _, d := range refcheck.Check(t, spec) {
			out = append(out, finding{File: f, Line: d.Range.Start.Line + 1, Code: d.Code,
				Error: d.Severity == diag.Error, Message: d.Message})
		}
	}
	return out
}

// templates lists the template files under dir, sorted.
func templates(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil || len(data) > template.MaxSize || !template.LooksLikeTemplate(data) {
			return nil
		}
		out = append(out, filepath.Clean(p))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// runLint runs cfn-lint over files. When cfn-lint gives up on the whole run
// (a file vanished, a crash), it is run file by file and the files it cannot
// check are reported on stderr and left out: each gets an E0000 finding, as a
// file cfn-lint cannot parse does (a crash is no verdict that the file is clean).
func runLint(lint string, files []string, stderr io.Writer) ([]finding, error) {
	fs, err := runLintOnce(lint, files)
	if err == nil || len(files) == 1 && !crashed(err) {
		return fs, err
	}
	fs = nil
	for _, f := range files {
		one, err := runLintOnce(lint, []string{f})
		if err != nil {
			fmt.Fprintf(stderr, "cfn-compare: cfn-lint skipped %s: %v\n", f, err)
			if crashed(err) {
				fs = append(fs, finding{File: filepath.Clean(f), Line: 1, Code: "E0000", Error: true, Message: "cfn-lint failed: " + err.Error()})
			}
			continue
		}
		fs = append(fs, one...)
	}
	return fs, nil
}

// crashed reports whether cfn-lint ran and gave no readable output, rather
// than not running at all.
func crashed(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee)
}

// runLintOnce runs cfn-lint once. It exits non-zero whenever it finds
// something, so only unparsable output is an error.
func runLintOnce(lint string, files []string) ([]finding, error) {
	cmd := exec.Command(lint, append([]string{"--format", "json", "--"}, files...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()
	var raw []struct {
		Filename string
		Level    string
		Message  string
		Location struct {
			Start struct{ LineNumber int }
		}
		Rule struct{ Id string }
	}
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		if runErr != nil {
			return nil, fmt.Errorf("%w: %s", runErr, firstLine(errb.String()))
		}
		return nil, err
	}
	fs := make([]finding, 0, len(raw))
	for _, r := range raw {
		fs = append(fs, finding{File: filepath.Clean(r.Filename), Line: r.Location.Start.LineNumber, Code: r.Rule.Id,
			Error: r.Level == "Error", Message: r.Message})
	}
	return fs, nil
}

// runLSP runs `cfn-lsp check --format json` over files, without the rules
// that read the other templates (an export two of them declare): cfn-lint
// reads one template at a time, and the files of a corpus are not one
// account's stacks.
func runLSP(bin string, files []string) ([]finding, error) {
	args := []string{"check", "--format", "json", "--no-security"}
	for _, r := range workspace.Rules() {
		args = append(args, "--ignore-checks", r.ID)
	}
	cmd := exec.Command(bin, append(append(args, "--"), files...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()
	var raw []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		Source   string `json:"source"`
	}
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
		var ee *exec.ExitError
		if runErr != nil && !errors.As(runErr, &ee) {
			return nil, runErr
		}
		return nil, fmt.Errorf("unreadable output (%v): %s", err, firstLine(errb.String()))
	}
	fs := make([]finding, 0, len(raw))
	for _, r := range raw {
		if strings.Contains(r.Source, "security") {
			continue
		}
		fs = append(fs, finding{File: filepath.Clean(r.File), Line: r.Line, Code: r.Code,
			Error: r.Severity == "error", Message: r.Message})
	}
	return fs, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// scopeCodes returns the codes the figures count.
func scopeCodes(scope string, theirs, ours []finding) map[string]bool {
	if scope == "refcheck" {
		return refCodes()
	}
	in := map[string]bool{}
	for _, fs := range [][]finding{theirs, ours} {
		for _, f := range fs {
			in[f.Code] = true
		}
	}
	return in
}

// refCodes are the codes of the reference checks, which the parent-rule and
// by-name matches may confirm.
func refCodes() map[string]bool {
	in := map[string]bool{}
	for _, r := range refcheck.Rules() {
		in[r.ID] = true
	}
	return in
}

// tally holds the matches of one rule code.
type tally struct {
	both, onlyLint, onlyUs []pair
}

// pair is a match. context marks a cfn-lint finding that is one branch's
// failure of a oneOf or anyOf it reports on the same line, matched through the
// combinator's finding (us is then the combinator's, counted once), or one
// of the findings about a file that is not a template.
type pair struct {
	lint, us *finding
	context  bool
}

// notTemplatePrefix starts cfn-lsp's finding about a file that is not a template.
const notTemplatePrefix = "Not a CloudFormation template"

// transformPrefix starts cfn-lint's finding about a template the SAM
// transform fails on.
const transformPrefix = "Error transforming template"

// combinators are the rules of a failed oneOf or anyOf, whose branch failures
// cfn-lint prints as findings of their own (E3003 'Users' is a required
// property, beside E3017 for the anyOf); cfn-lsp says it in the one finding.
var combinators = map[string]bool{"E3017": true, "E3018": true}

// parentCode reports whether a cfn-lint rule may re-report a problem of a nested
// function under its own code: every intrinsic-function rule (E10xx: a bad Ref
// inside Fn::Select is reported as E1017), E6101/E6102 for output values and
// export names, E3024 for tags. Such a finding confirms one of ours of another
// in-scope code.
func parentCode(code string) bool {
	return strings.HasPrefix(code, "E10") || code == "E6101" || code == "E6102" || code == "E3024"
}

// quoted returns the first name quoted with ' or " in a message.
func quoted(msg string) string {
	i := strings.IndexAny(msg, "'\"")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(msg[i+1:], msg[i])
	if j < 0 {
		return ""
	}
	return msg[i+1 : i+1+j]
}

// relaxedWindow is how many lines above one of ours a cfn-lint finding about the
// same name may sit: cfn-lint places problems inside a multi-line Fn::If, Fn::Join
// or Fn::Sub block at the property, cfn-lsp at the name itself.
const relaxedWindow = 200

// compare matches findings in three passes, nearest lines first: same file, code
// and line within 1; then a cfn-lint parent-rule finding (parentCode) on a line
// within 1; then, "relaxed", a finding that names the same quoted name up to
// relaxedWindow lines above ours. The last two passes confirm only our findings
// of the codes in refs.
func compare(theirs, ours []finding, refs map[string]bool) (map[string]*tally, int) {
	out := map[string]*tally{}
	get := func(code string) *tally {
		if out[code] == nil {
			out[code] = &tally{}
		}
		return out[code]
	}
	usedL := make([]bool, len(theirs))
	usedU := make([]bool, len(ours))
	relaxed := 0
	const (
		sameCode = iota
		parent
		byName
	)
	match := func(pass int) {
		maxD := 1
		if pass == byName {
			maxD = relaxedWindow
		}
		for d := 0; d <= maxD; d++ {
			for i := range theirs {
				l := &theirs[i]
				if usedL[i] || (pass != sameCode && !parentCode(l.Code)) {
					continue
				}
				for j := range ours {
					u := &ours[j]
					if usedU[j] || u.File != l.File || (pass != sameCode && u.Error != l.Error) {
						continue
					}
					switch pass {
					case sameCode:
						if u.Code != l.Code || abs(l.Line-u.Line) != d {
							continue
						}
					case parent:
						if !refs[u.Code] || abs(l.Line-u.Line) != d {
							continue
						}
					case byName:
						name := quoted(l.Message)
						if !refs[u.Code] || u.Line-l.Line != d || name == "" || !strings.Contains(u.Message, "\""+name+"\"") && !strings.Contains(u.Message, "${"+name+"}") {
							continue
						}
						relaxed++
					}
					usedL[i], usedU[j] = true, true
					get(u.Code).both = append(get(u.Code).both, pair{lint: l, us: u})
					break
				}
			}
		}
	}
	match(sameCode)
	match(parent)
	match(byName)
	// Branch failures of a combinator both tools report.
	for i := range theirs {
		l := &theirs[i]
		if usedL[i] {
			continue
		}
		for _, p := range out {
			for _, b := range p.both {
				if !combinators[b.lint.Code] || b.lint.File != l.File || b.lint.Line != l.Line || b.lint == l {
					continue
				}
				usedL[i] = true
				get(l.Code).both = append(get(l.Code).both, pair{lint: l, us: b.us, context: true})
				break
			}
			if usedL[i] {
				break
			}
		}
	}
	// A file cfn-lsp says is not a template (a workflow, an event sample) gets
	// that one E1001 from it, which stands for the E1001 cfn-lint reports at
	// each of the file's top-level keys and at its missing Resources.
	notTemplate := map[string]int{}
	for j := range ours {
		if ours[j].Code == "E1001" && strings.HasPrefix(ours[j].Message, notTemplatePrefix) {
			notTemplate[ours[j].File] = j
		}
	}
	for i := range theirs {
		j, ok := notTemplate[theirs[i].File]
		if !ok || usedL[i] || theirs[i].Code != "E1001" {
			continue
		}
		usedL[i] = true
		get("E1001").both = append(get("E1001").both, pair{lint: &theirs[i], us: &ours[j], context: usedU[j]})
		usedU[j] = true
	}
	// cfn-lint places a failure of the SAM transform at line 1, whatever
	// failed; cfn-lsp at the part that makes it fail. One of each in a file
	// are the same finding.
	for i := range theirs {
		l := &theirs[i]
		if usedL[i] || l.Code != "E0001" || l.Line != 1 || !strings.HasPrefix(l.Message, transformPrefix) {
			continue
		}
		for j := range ours {
			if !usedU[j] && ours[j].File == l.File && ours[j].Code == "E0001" {
				usedL[i], usedU[j] = true, true
				get("E0001").both = append(get("E0001").both, pair{lint: l, us: &ours[j]})
				break
			}
		}
	}
	// A finding cfn-lint places at a serverless resource's logical id is ours
	// of the same code in the resource or in Globals, where the property is.
	for i := range theirs {
		l := &theirs[i]
		if usedL[i] || len(l.Within) == 0 {
			continue
		}
		for j := range ours {
			u := &ours[j]
			if usedU[j] || u.File != l.File || u.Code != l.Code || !slices.ContainsFunc(l.Within, func(s lines) bool { return s.from <= u.Line && u.Line <= s.to }) {
				continue
			}
			usedL[i], usedU[j] = true, true
			get(u.Code).both = append(get(u.Code).both, pair{lint: l, us: u})
			break
		}
	}
	for i := range theirs {
		if !usedL[i] {
			get(theirs[i].Code).onlyLint = append(get(theirs[i].Code).onlyLint, pair{lint: &theirs[i]})
		}
	}
	for j := range ours {
		if !usedU[j] {
			get(ours[j].Code).onlyUs = append(get(ours[j].Code).onlyUs, pair{us: &ours[j]})
		}
	}
	return out, relaxed
}

// samPlaces sets Within on the findings cfn-lint places at the logical id of
// a serverless resource: the SAM translator copies scalar properties without
// their positions, so cfn-lint reports what it finds in them at the resource,
// where cfn-lsp reports at the property (in the resource or in Globals).
func samPlaces(fs []finding) []finding {
	byFile := map[string]map[int][]lines{}
	for i := range fs {
		f := &fs[i]
		keys, ok := byFile[f.File]
		if !ok {
			keys = serverlessKeys(f.File)
			byFile[f.File] = keys
		}
		f.Within = keys[f.Line]
	}
	return fs
}

// serverlessKeys maps the line of each serverless resource's logical id in a
// SAM template to the lines of the resource and of Globals.
func serverlessKeys(file string) map[int][]lines {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	t := template.Parse("file://"+filepath.ToSlash(file), string(data))
	if !t.IsTemplate() || !t.HasSAM() {
		return nil
	}
	span := func(k, v *template.Node) lines {
		return lines{k.Range.Start.Line + 1, max(k.Range.End.Line, v.Range.End.Line) + 1}
	}
	var globals []lines
	if g := t.Root.GetPair("Globals"); g != nil {
		globals = append(globals, span(g.Key, g.Value))
	}
	out := map[int][]lines{}
	for _, e := range t.Resources {
		if strings.HasPrefix(e.Type(), sam.Prefix) {
			out[e.Key.Range.Start.Line+1] = append([]lines{span(e.Key, e.Value)}, globals...)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// report prints the per-code table, the totals for errors and warnings and,
// when verbose, every disagreement.
func report(w io.Writer, m map[string]*tally, inScope map[string]bool, relaxed int, verbose bool) {
	codes := make([]string, 0, len(m))
	for c := range m {
		if inScope[c] {
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	fmt.Fprintf(w, "\n%-7s %8s %8s %6s %10s %8s\n", "code", "cfn-lint", "cfn-lsp", "both", "only-lint", "only-us")
	type total struct{ lint, found, us, onlyUs int }
	var errs, warns total
	for _, c := range codes {
		t := m[c]
		ctx := 0
		for _, p := range t.both {
			if p.context {
				ctx++
			}
		}
		fmt.Fprintf(w, "%-7s %8d %8d %6d %10d %8d\n", c, len(t.both)+len(t.onlyLint), len(t.both)-ctx+len(t.onlyUs), len(t.both), len(t.onlyLint), len(t.onlyUs))
		tot := func(isErr bool) *total {
			if isErr {
				return &errs
			}
			return &warns
		}
		for _, p := range t.both {
			tot(p.lint.Error).lint++
			tot(p.lint.Error).found++
			if !p.context {
				tot(p.us.Error).us++
			}
		}
		for _, p := range t.onlyLint {
			tot(p.lint.Error).lint++
		}
		for _, p := range t.onlyUs {
			tot(p.us.Error).us++
			tot(p.us.Error).onlyUs++
		}
	}
	fmt.Fprintf(w, "\n(%d matches by name within %d lines, the rest same code and line +-1)\n", relaxed, relaxedWindow)
	for _, r := range []struct {
		name string
		t    total
	}{{"errors", errs}, {"warnings", warns}} {
		fmt.Fprintf(w, "%-8s cfn-lint's found by cfn-lsp: %d/%d = %s; cfn-lsp's not cfn-lint's: %d/%d = %s\n",
			r.name, r.t.found, r.t.lint, pct(r.t.found, r.t.lint), r.t.onlyUs, r.t.us, pct(r.t.onlyUs, r.t.us))
	}
	if !verbose {
		return
	}
	fmt.Fprintln(w, "\ndisagreements:")
	for _, c := range codes {
		for _, p := range m[c].onlyLint {
			fmt.Fprintf(w, "  only cfn-lint %s:%d %s %s\n", p.lint.File, p.lint.Line, c, p.lint.Message)
		}
		for _, p := range m[c].onlyUs {
			fmt.Fprintf(w, "  only cfn-lsp  %s:%d %s %s\n", p.us.File, p.us.Line, c, p.us.Message)
		}
	}
}

func pct(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}
