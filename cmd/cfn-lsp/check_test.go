package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/cfnlintrc"
	"github.com/cfn-lsp/cfn-lsp/internal/golden"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

// Templates with one kind of finding each (security rules off).
const (
	cleanTemplate   = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
	errorTemplate   = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicNmae: x\n"      // E3002
	warningTemplate = "Parameters:\n  Unused:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n" // W2001
)

// infoTemplate is over 51,200 bytes (I1002) and has nothing else to report.
var infoTemplate = "# " + strings.Repeat("x", 52000) + "\n" + cleanTemplate

// checkOutput runs check (security rules off) with args and wants its exit
// code, each of has in its output and none of hasNot.
func checkOutput(t *testing.T, args []string, wantCode int, has, hasNot []string) {
	t.Helper()
	out, errOut, code := cli(t, append([]string{"check", "--no-security"}, args...)...)
	if code != wantCode {
		t.Errorf("exit %d, want %d\n%s%s", code, wantCode, out, errOut)
	}
	for _, s := range has {
		if !strings.Contains(out, s) {
			t.Errorf("%q not in output:\n%s", s, out)
		}
	}
	for _, s := range hasNot {
		if strings.Contains(out, s) {
			t.Errorf("%q in output:\n%s", s, out)
		}
	}
}

// TestCheckExamples runs the README's first command (`check examples/`) and
// compares the text report with a golden file.
func TestCheckExamples(t *testing.T) {
	out, stderr, code := cli(t, "check", "../../examples")
	if code != findingError|findingWarning {
		t.Errorf("exit code %d, want 6 (the examples have errors and warnings); stderr: %s", code, stderr)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "check", "examples.txt"), strings.ReplaceAll(out, "../../", ""))
}

// TestCheckExitCodes follows cfn-lint's Runner._exit: 2 for errors, 4 for
// warnings, 8 for informational findings, OR-ed; --non-zero-exit-code names
// the lowest level that counts.
func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := testutil.WriteFile(t, filepath.Join(dir, "clean.yaml"), cleanTemplate)
	errs := testutil.WriteFile(t, filepath.Join(dir, "error.yaml"), errorTemplate)
	warns := testutil.WriteFile(t, filepath.Join(dir, "warning.yaml"), warningTemplate)
	info := testutil.WriteFile(t, filepath.Join(dir, "info.yaml"), infoTemplate)
	nag := testutil.WriteFile(t, filepath.Join(dir, "nag.yaml"), "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n") // F1000 (a failure) and W-class cfn_nag findings
	ns := func(args ...string) []string { return append([]string{"--no-security"}, args...) }
	for _, tc := range []struct {
		args []string
		want int
	}{
		{ns(clean), 0},
		{ns(errs), 2},
		{ns(warns), 4},
		{ns(errs, warns), 6},
		{ns(info), 0}, // informational rules are opt-in, as in cfn-lint
		{ns("-c", "I", info), 8},
		{ns("-c", "I", info, errs, warns), 14},
		{ns("--non-zero-exit-code", "informational", "-c", "I", info, warns), 12},
		{ns("--non-zero-exit-code", "warning", "-c", "I", info, warns), 4},
		{ns("--non-zero-exit-code", "warning", "-c", "I", info), 0},
		{ns("--non-zero-exit-code", "error", errs, warns), 2},
		{ns("--non-zero-exit-code", "error", warns), 0},
		{ns("--non-zero-exit-code", "none", errs, warns), 0},
		{ns("-i", "E3002", errs), 0},
		{ns("-i", "W", warns), 0},
		{[]string{nag}, 6}, // cfn_nag's F1000 counts as an error, as cfn_nag fails on it
		{[]string{"--security-failures=false", nag}, 4},
		{ns("--non-zero-exit-code", "bogus", clean), 1},
	} {
		out, errOut, code := cli(t, append([]string{"check"}, tc.args...)...)
		if code != tc.want {
			t.Errorf("%q: exit %d, want %d\n%s%s", tc.args, code, tc.want, out, errOut)
		}
	}
}

// TestCheckFlags: cfn-lint's flags with their meaning (cfn-lint --help,
// cfnlint/config.py), long and short, before or after the paths.
func TestCheckFlags(t *testing.T) {
	dir := t.TempDir()
	errs := testutil.WriteFile(t, filepath.Join(dir, "a/error.yaml"), errorTemplate)
	warns := testutil.WriteFile(t, filepath.Join(dir, "a/warning.yaml"), warningTemplate)
	broken := testutil.WriteFile(t, filepath.Join(dir, "b/broken.json"), `{"Resources": {"A": {"Type": "AWS::SNS::Topic",}}}`)
	report := filepath.Join(dir, "report.txt")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		has    []string // in stdout
		hasNot []string
	}{
		{"flags after the path", []string{errs, "--format", "json"}, 2, []string{`"code": "E3002"`}, nil},
		{"-f short", []string{"-f", "parseable", errs}, 2, []string{"error.yaml:5:7:5:16:E3002:"}, nil},
		{"-t", []string{"-t", errs, "-f", "quiet"}, 2, []string{"E3002: "}, nil},
		{"-t with several values, as argparse", []string{"-t", errs, warns, "-f", "quiet"}, 6, []string{"E3002", "W2001"}, nil},
		{"-i prefix", []string{"-i", "E3", errs, warns}, 4, []string{"W2001"}, []string{"E3002"}},
		{"-i several values then a path", []string{"-i", "E3002", "W2001", errs, warns}, 0, nil, []string{"E3002", "W2001"}},
		{"-i comma list", []string{"--ignore-checks=E3002,W2001", errs, warns}, 0, nil, nil},
		{"-i with --", []string{"-i", "E3012", "--", errs}, 2, []string{"E3002"}, nil},
		{"--ignore, cfn-lsp's older name", []string{"--ignore", "W2", warns}, 0, nil, []string{"W2001"}},
		{"-m beats -i", []string{"-i", "E", "-m", "E3002", errs}, 2, []string{"E3002"}, nil},
		{"-r several values", []string{"-r", "us-east-1", "eu-west-1", errs}, 2, nil, nil},
		{"-r ALL_REGIONS", []string{"-r", "ALL_REGIONS", errs}, 2, nil, nil},
		{"-r unknown region: 32, as cfn-lint", []string{"-r", "us-est-1", "--", errs}, 32, nil, nil},
		{"-e accepted", []string{"-e", errs}, 2, nil, nil},
		{"-x accepted", []string{"-x", "E3012:strict=true", errs}, 2, nil, nil},
		{"-x malformed", []string{"-x", "E3012", "--", errs}, 1, nil, nil},
		{"-b drops E0000", []string{"-b", broken}, 0, nil, []string{"E0000"}},
		{"without -b", []string{broken}, 2, []string{"E0000"}, nil},
		{"-i E0000", []string{"-i", "E0000", broken}, 0, nil, nil},
		{"--ignore-templates", []string{"--ignore-templates", errs, "-f", "quiet", filepath.Join(dir, "a")}, 4, []string{"W2001"}, []string{"E3002"}},
		{"--ignore-templates glob", []string{filepath.Join(dir, "a"), "--ignore-templates", filepath.Join(dir, "**", "error.yaml")}, 4, nil, []string{"E3002"}},
		{"--ignore-templates takes several values, as argparse", []string{"--ignore-templates", errs, warns, "--", filepath.Join(dir, "a")}, 2, []string{"No CloudFormation template"}, nil},
		{"glob path", []string{"-f", "quiet", filepath.Join(dir, "**", "*.yaml")}, 6, []string{"E3002", "W2001"}, nil},
		{"--output-file", []string{"--output-file", report, errs}, 2, nil, []string{"E3002"}},
		{"-L", []string{"-L", filepath.Join(dir, "a")}, 0, []string{"error.yaml", "warning.yaml"}, nil},
		{"-l", []string{"-l"}, 0, []string{"E3002", "F1000"}, nil},
		{"unsupported cfn-lint flag", []string{"--append-rules", "rules/", errs}, 1, nil, nil},
		{"unsupported short flag", []string{"-z", "custom.txt", errs}, 1, nil, nil},
		{"bad format", []string{"-f", "xml", errs}, 1, nil, nil},
		{"no templates at all", nil, 1, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { checkOutput(t, tc.args, tc.code, tc.has, tc.hasNot) })
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "E3002") {
		t.Errorf("--output-file wrote %q, %v", b, err)
	}
}

// TestSettle: the flags, the configuration file and the environment, merged
// as cfn-lint's _get_argument_value merges them.
func TestSettle(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		name    string
		args    []string // check's flags
		cfg     cfnlintrc.Config
		env     map[string]string
		want    func(r checkRun) any
		wantVal any
	}{
		{"regions default", nil, cfnlintrc.Config{}, nil, func(r checkRun) any { return r.opts.Regions }, []string{"us-east-1"}},
		{"regions from AWS_DEFAULT_REGION", nil, cfnlintrc.Config{}, map[string]string{"AWS_DEFAULT_REGION": "eu-west-2"}, func(r checkRun) any { return r.opts.Regions }, []string{"eu-west-2"}},
		{"AWS_REGION before AWS_DEFAULT_REGION", nil, cfnlintrc.Config{}, map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"}, func(r checkRun) any { return r.opts.Regions }, []string{"eu-west-1"}},
		{"file regions before the environment", nil, cfnlintrc.Config{Regions: []string{"ap-south-1"}}, map[string]string{"AWS_REGION": "eu-west-1"}, func(r checkRun) any { return r.opts.Regions }, []string{"ap-south-1"}},
		{"flag regions replace the file's", []string{"-r", "us-west-2,eu-west-1"}, cfnlintrc.Config{Regions: []string{"ap-south-1"}}, nil, func(r checkRun) any { return r.opts.Regions }, []string{"us-west-2", "eu-west-1"}},
		{"--merge-configs joins them", []string{"-r", "us-west-2", "--merge-configs"}, cfnlintrc.Config{Regions: []string{"ap-south-1"}}, nil, func(r checkRun) any { return r.opts.Regions }, []string{"us-west-2", "ap-south-1"}},
		{"merge_configs in the file joins them", []string{"-i", "W2001"}, cfnlintrc.Config{IgnoreChecks: []string{"E3012"}, MergeConfigs: true}, nil, func(r checkRun) any { return r.opts.Ignore }, []string{"W2001", "E3012"}},
		{"ignore_checks from the file", nil, cfnlintrc.Config{IgnoreChecks: []string{"E3012"}}, nil, func(r checkRun) any { return r.opts.Ignore }, []string{"E3012"}},
		{"-i replaces the file's", []string{"-i", "W"}, cfnlintrc.Config{IgnoreChecks: []string{"E3012"}}, nil, func(r checkRun) any { return r.opts.Ignore }, []string{"W"}},
		{"include: W and E always", []string{"-c", "I"}, cfnlintrc.Config{}, nil, func(r checkRun) any { return r.opts.Include }, []string{"W", "E", "I"}},
		{"include_checks from the file", nil, cfnlintrc.Config{IncludeChecks: []string{"I1002"}}, nil, func(r checkRun) any { return r.opts.Include }, []string{"W", "E", "I1002"}},
		{"mandatory_checks", nil, cfnlintrc.Config{MandatoryChecks: []string{"E3002"}}, nil, func(r checkRun) any { return r.opts.Mandatory }, []string{"E3002"}},
		{"format from the file", nil, cfnlintrc.Config{Format: "sarif"}, nil, func(r checkRun) any { return r.format }, "sarif"},
		{"-f beats the file", []string{"-f", "json"}, cfnlintrc.Config{Format: "sarif"}, nil, func(r checkRun) any { return r.format }, "json"},
		{"format default", nil, cfnlintrc.Config{}, nil, func(r checkRun) any { return r.format }, "text"},
		{"templates from the file", nil, cfnlintrc.Config{Templates: []string{"t/*.yaml"}}, nil, func(r checkRun) any { return r.paths }, []string{"t/*.yaml"}},
		{"paths beat the file's templates", []string{"x.yaml"}, cfnlintrc.Config{Templates: []string{"t/*.yaml"}}, nil, func(r checkRun) any { return r.paths }, []string{"x.yaml"}},
		{"-t and paths", []string{"-t", "a.yaml", "b.yaml"}, cfnlintrc.Config{}, nil, func(r checkRun) any { return r.paths }, []string{"a.yaml", "b.yaml"}},
		{"ignore_templates", nil, cfnlintrc.Config{IgnoreTemplates: []string{"x/*"}}, nil, func(r checkRun) any { return r.ignoreTemplates }, []string{"x/*"}},
		{"non_zero_exit_code from the file", nil, cfnlintrc.Config{NonZeroExitCode: "error"}, nil, func(r checkRun) any { return r.nonZero }, "error"},
		{"--non-zero-exit-code beats it", []string{"--non-zero-exit-code", "warning"}, cfnlintrc.Config{NonZeroExitCode: "error"}, nil, func(r checkRun) any { return r.nonZero }, "warning"},
		{"ignore_bad_template from the file", nil, cfnlintrc.Config{IgnoreBadTemplate: true}, nil, func(r checkRun) any { return r.ignoreBad }, true},
		{"output_file from the file", nil, cfnlintrc.Config{OutputFile: "out.sarif"}, nil, func(r checkRun) any { return r.outputFile }, "out.sarif"},
		{"security on by default", nil, cfnlintrc.Config{}, nil, func(r checkRun) any { return r.opts.Security }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env = tc.env
			var f checkFlags
			fs := (&app{}).checkCmd(&f).Flags()
			if err := fs.Parse(expandListFlags(tc.args)); err != nil {
				t.Fatal(err)
			}
			r, err := settle(&f, fs.Args(), fs.Changed, &tc.cfg, getenv)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.want(r); !reflect.DeepEqual(got, tc.wantVal) {
				t.Errorf("got %v, want %v", got, tc.wantVal)
			}
		})
	}
}

func TestExpandListFlags(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"-r us-east-1 us-west-2 t.yaml", "-r us-east-1 -r us-west-2 t.yaml"},
		{"-i E3012 W2001 t.yaml", "-i E3012 -i W2001 t.yaml"},
		{"-i E3012 -- t.yaml", "-i E3012 -- t.yaml"},
		{"-i W t.yaml", "-i W t.yaml"},
		{"-i W dir/W", "-i W dir/W"},
		{"-t a.yaml b.yaml -f json", "-t a.yaml -t b.yaml -f json"},
		{"-x E3012:strict=true E2530:x=1 t.yaml", "-x E3012:strict=true -x E2530:x=1 t.yaml"},
		{"-- -r a b", "-- -r a b"},
		{"t.yaml -r", "t.yaml -r"},
		{"-f json -r eu-west-1,us-east-1 ALL_REGIONS x", "-f json -r eu-west-1,us-east-1 -r ALL_REGIONS x"},
	} {
		if got := strings.Join(expandListFlags(strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGlob: ** as Python's recursive glob reads it; hidden names need a dot in
// the pattern.
func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"t/*.yaml", "t/a.yaml", true},
		{"t/*.yaml", "t/sub/a.yaml", false},
		{"t/**/*.yaml", "t/a.yaml", true},
		{"t/**/*.yaml", "t/sub/deep/a.yaml", true},
		{"**/*.json", "a.json", true},
		{"**/*.json", "x/.hidden/a.json", false},
		{"t/*.yaml", "t/.a.yaml", false},
		{"t/.*.yaml", "t/.a.yaml", true},
		{"./t/*.yml", "t/a.yml", true},
		{"t/[ab].yaml", "t/b.yaml", true},
		{"t/?.yaml", "t/ab.yaml", false},
	} {
		if got := matchPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("matchPath(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
	dir := t.TempDir()
	for _, p := range []string{"a.yaml", "x/b.yaml", "x/y/c.yaml", ".git/d.yaml", "x/e.json"} {
		testutil.WriteFile(t, filepath.Join(dir, p), "")
	}
	got := glob(filepath.Join(dir, "**", "*.yaml"))
	var rel []string
	for _, g := range got {
		r, _ := filepath.Rel(dir, g)
		rel = append(rel, filepath.ToSlash(r))
	}
	if want := []string{"a.yaml", "x/b.yaml", "x/y/c.yaml"}; !reflect.DeepEqual(rel, want) {
		t.Errorf("glob: %v, want %v", rel, want)
	}
}

// TestCheckPaths: what a PATH yields. A file named explicitly always gets a
// result; a directory walk skips files that are not templates and says how
// many; a PATH with no template is an error.
func TestCheckPaths(t *testing.T) {
	dir := t.TempDir()
	clean := testutil.WriteFile(t, filepath.Join(dir, "tpl/clean.yaml"), cleanTemplate)
	compose := testutil.WriteFile(t, filepath.Join(dir, "tpl/compose.yaml"), "services:\n  web:\n    image: nginx\n")
	testutil.WriteFile(t, filepath.Join(dir, "tpl/data.bin"), "\x00\x01\x02")
	empty := testutil.WriteFile(t, filepath.Join(dir, "other/empty.yaml"), "# nothing\n")
	list := testutil.WriteFile(t, filepath.Join(dir, "other/list.yaml"), "- a\n- b\n")
	binary := testutil.WriteFile(t, filepath.Join(dir, "other/bin.json"), "\x00\x01Resources")
	noTypes := testutil.WriteFile(t, filepath.Join(dir, "other/notypes.yaml"), "Resources:\n  A:\n    Properties: {}\n")
	bigData := testutil.WriteFile(t, filepath.Join(dir, "other/spec.json"), "{\"ResourceTypes\": \""+strings.Repeat("x", 1_000_001)+"\"}\n")
	os.Mkdir(filepath.Join(dir, "none"), 0o755)
	testutil.WriteFile(t, filepath.Join(dir, "none/README.md"), "# no templates\n")
	testutil.WriteFile(t, filepath.Join(dir, "none/values.yaml"), "replicas: 3\n")
	for _, tc := range []struct {
		name string
		args []string
		code int
		has  []string
	}{
		{"walk skips and counts", []string{filepath.Join(dir, "tpl")}, 0, []string{"1 template checked: 0 errors, 0 warnings, 0 info; 1 file skipped (not templates)"}},
		{"explicit non-template", []string{compose}, 2, []string{"compose.yaml:1:1: error E1001 Not a CloudFormation template: it has no Resources section (its top-level keys: services)"}},
		{"empty file", []string{empty}, 2, []string{"E1001 Not a CloudFormation template: the file is empty"}},
		{"not a mapping", []string{list}, 2, []string{"E0000 Not a CloudFormation template: the document is a list"}},
		{"binary", []string{binary}, 2, []string{"E0000 Not a CloudFormation template: the file is binary"}},
		{"explicit non-template over 1 MB", []string{bigData}, 2, []string{"spec.json:1:1: error E1001 Not a CloudFormation template", "spec.json:1:1: error E1002 The template body is 1000023 bytes; CloudFormation accepts at most 1000000"}},
		{"Resources without types is still checked", []string{noTypes}, 2, []string{"notypes.yaml:2:3: error E3001 'Type' is a required property"}},
		{"directory without templates", []string{filepath.Join(dir, "none")}, 2, []string{"none:1:1: error E0000 No CloudFormation template: this directory holds no template file (1 file skipped: not templates)"}},
		{"glob without match", []string{filepath.Join(dir, "none", "*.json")}, 2, []string{"E0000 No CloudFormation template: this pattern matches no template file"}},
		{"missing path", []string{filepath.Join(dir, "missing.yaml")}, 2, []string{"missing.yaml:1:1: error E0000 Cannot read: no such file or directory"}},
		{"missing path with -b", []string{"-b", filepath.Join(dir, "missing.yaml"), clean}, 0, []string{"1 template checked"}},
		{"a directory of templates and an empty one", []string{filepath.Join(dir, "tpl"), filepath.Join(dir, "none")}, 2, []string{"none:1:1: error E0000"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkOutput(t, tc.args, tc.code, tc.has, nil) })
	}
}

// TestCheckStdin: `check -` reads standard input; --stdin-filename names it.
func TestCheckStdin(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"check", "--no-security", "-", "--stdin-filename", "infra/stack.yaml"}, strings.NewReader(errorTemplate), &out, &errOut)
	if code != findingError || !strings.Contains(out.String(), "infra/stack.yaml:5:7: error E3002") {
		t.Errorf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	code = run([]string{"check", "--no-security", "-f", "parseable", "-"}, strings.NewReader(warningTemplate), &out, &errOut)
	if code != findingWarning || !strings.HasPrefix(out.String(), "-:2:3:") {
		t.Errorf("unnamed stdin: exit %d\n%s", code, out.String())
	}
}

// TestCheckConfigFile: a .cfnlintrc in the current directory applies; the
// command line wins; --config-file replaces it; a broken file is exit 1.
func TestCheckConfigFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	testutil.WriteFile(t, filepath.Join(dir, "templates/error.yaml"), errorTemplate)
	testutil.WriteFile(t, filepath.Join(dir, "templates/warning.yaml"), warningTemplate)
	testutil.WriteFile(t, filepath.Join(dir, "templates/skip/error.yaml"), errorTemplate)
	testutil.WriteFile(t, filepath.Join(dir, ".cfnlintrc"), "templates:\n  - templates/**/*.yaml\nignore_templates:\n  - templates/skip/*\nignore_checks: [E3002]\nformat: parseable\n")
	other := testutil.WriteFile(t, filepath.Join(dir, "ci.yml"), "ignore_checks: [W2001]\n")
	testutil.WriteFile(t, filepath.Join(dir, "bad.yml"), "ignore_chekcs: [W2001]\n")
	t.Chdir(dir)
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"the project's file", nil, 4, "templates/warning.yaml:2:3:2:9:W2001:Parameter"},
		{"-i replaces ignore_checks", []string{"-i", "W2001"}, 2, "templates/error.yaml:5:7:5:16:E3002:"},
		{"-f replaces format", []string{"-f", "quiet"}, 4, "W2001: "},
		{"--config-file replaces the project's", []string{"--config-file", other, "templates/error.yaml"}, 2, "templates/error.yaml:5:7: error E3002"},
		{"a broken file", []string{"--config-file", "bad.yml"}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := cli(t, append([]string{"check", "--no-security"}, tc.args...)...)
			if code != tc.code || !strings.Contains(out, tc.out) {
				t.Errorf("exit %d (want %d)\n%s%s", code, tc.code, out, errOut)
			}
			if strings.Contains(out, "skip") {
				t.Errorf("ignore_templates not applied:\n%s", out)
			}
		})
	}
	// The user's file under HOME, under the project's.
	testutil.WriteFile(t, filepath.Join(os.Getenv("HOME"), ".cfnlintrc.yaml"), "non_zero_exit_code: error\nignore_checks: [W]\n")
	if out, errOut, code := cli(t, "check", "--no-security"); code != 0 {
		t.Errorf("user's non_zero_exit_code error: exit %d\n%s%s", code, out, errOut)
	}
}

// TestCheckFormats: every output format, read back as its consumer would.
func TestCheckFormats(t *testing.T) {
	out, _, code := cli(t, "check", "--format", "json", "../../examples/typos.yaml")
	if code&findingError == 0 {
		t.Errorf("exit %d", code)
	}
	var fs []jsonFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	for _, f := range fs {
		if f.File == "" || f.Line < 1 || f.Column < 1 || f.EndLine < f.Line || f.Code == "" || f.Severity == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}

	abs, _ := filepath.Abs("../../examples/typos.yaml")
	out, _, _ = cli(t, "check", "--format", "sarif", abs)
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						HelpURI          string            `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			OriginalURIBaseIDs map[string]map[string]any `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != len(fs) {
		t.Fatalf("sarif: version %q, %d runs", sarif.Version, len(sarif.Runs))
	}
	run := sarif.Runs[0]
	if base, ok := run.OriginalURIBaseIDs[sarifBase]["uri"].(string); !ok || !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("originalUriBaseIds: %v", run.OriginalURIBaseIDs)
	}
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || loc.Region.StartLine < 1 {
			t.Errorf("sarif result %+v does not match its rule", r)
		}
		// an absolute argument still yields a path relative to the repository root
		if loc.ArtifactLocation.URI != "examples/typos.yaml" || loc.ArtifactLocation.URIBaseID != sarifBase {
			t.Errorf("artifact location %+v, want examples/typos.yaml under %s", loc.ArtifactLocation, sarifBase)
		}
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ShortDescription["text"] == "" || len(r.FullDescription["text"]) <= len(r.ShortDescription["text"]) ||
			r.HelpURI != rulesDoc+"#"+r.ID {
			t.Errorf("rule %+v lacks descriptions or help", r)
		}
	}

	out, _, _ = cli(t, "check", "-f", "junit", "../../examples/typos.yaml")
	var junit struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &junit); err != nil || len(junit.Suites) != 1 {
		t.Fatalf("junit: %v\n%.500s", err, out)
	}
	s := junit.Suites[0]
	failed := 0
	for _, c := range s.Cases {
		failed += len(c.Failures)
		if strings.HasPrefix(c.Name, "E3002 ") && (len(c.Failures) != 1 || !strings.Contains(c.Failures[0].Message, "typos.yaml:15:7")) {
			t.Errorf("E3002 case: %+v", c)
		}
	}
	if s.Name != "CloudFormation Lint" || s.Failures != len(fs) || failed != len(fs) || len(s.Cases) < 200 {
		t.Errorf("junit suite %q: %d failures (%d counted), %d cases; want %d failures", s.Name, s.Failures, failed, len(s.Cases), len(fs))
	}

	out, _, _ = cli(t, "check", "-f", "pretty", "../../examples/typos.yaml")
	if !strings.HasPrefix(out, "../../examples/typos.yaml\n6:11:") || !strings.Contains(out, "E2002     'Strnig'") ||
		!strings.Contains(out, "cfn-lsp scanned 1 templates against") || strings.Contains(out, "\033[") {
		t.Errorf("pretty:\n%s", out)
	}

	out, _, _ = cli(t, "check", "-f", "quiet", "../../examples/typos.yaml")
	if !strings.Contains(out, "E3002: Unknown property") && !strings.Contains(out, "E3002: ") {
		t.Errorf("quiet:\n%s", out)
	}
}
