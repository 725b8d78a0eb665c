package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/cfnlintrc"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// checkFlags are the flags of `check`: cfn-lint's (the same names, short forms
// and meanings; `cfn-lint --help`), then cfn-lsp's own.
type checkFlags struct {
	templates       []string
	ignoreTemplates []string
	ignoreBad       bool
	format          string
	listRules       bool
	listTemplates   bool
	regions         []string
	ignore          []string
	include         []string
	mandatory       []string
	experimental    bool
	configureRules  []string
	configFile      string
	version         bool
	outputFile      string
	mergeConfigs    bool
	nonZero         string
	debug, info     bool
	updateSpecs     bool

	spec             string
	registrySchemas  []string
	rulesDir         string
	stdinFilename    string
	noSecurity       bool
	securityFailures bool
	oldIgnore        []string
	unresolved       string
}

// unsupportedFlags are cfn-lint flags for features cfn-lsp does not have. They
// are accepted by the parser (and hidden) so that using one says so plainly
// rather than "unknown flag".
var unsupportedFlags = []struct{ long, short, why string }{
	{"append-rules", "a", "cfn-lint's Python rule directories; cfn-lsp's own rules are YAML: --rules DIR"},
	{"custom-rules", "z", "cfn-lint's custom rule file; cfn-lsp's own rules are YAML: --rules DIR"},
	{"override-spec", "o", "cfn-lint's spec patches; load a whole specification with --spec PATH"},
	{"build-graph", "g", "the DOT graph of resources"},
	{"patch-specs", "p", "patching cfn-lint's bundled specs"},
	{"deployment-files", "", "deployment files"},
	{"parameters", "", "checking with parameter values"},
	{"parameter-files", "", "checking with parameter files"},
}

// listFlags take several values after one flag, as cfn-lint's do (argparse
// nargs="+": `-r us-east-1 us-west-2`). Each accepts the next word whatever it
// is, then the following words while they look like its values, so that
// `-i W2001 t.yaml` still checks t.yaml where cfn-lint would take t.yaml for a
// rule id. A nil shape takes every following word that is not a flag.
var listFlags = map[string]func(string) bool{
	"-t": nil, "--template": nil, "--ignore-templates": nil,
	"-r": looksLikeRegion, "--regions": looksLikeRegion,
	"-i": looksLikeRuleID, "--ignore-checks": looksLikeRuleID,
	"-c": looksLikeRuleID, "--include-checks": looksLikeRuleID,
	"-m": looksLikeRuleID, "--mandatory-checks": looksLikeRuleID,
	"-x": looksLikeRuleSetting, "--configure-rule": looksLikeRuleSetting,
}

func looksLikeRegion(s string) bool {
	return s == "ALL_REGIONS" || schema.KnownRegion(strings.Split(s, ",")[0])
}

func looksLikeRuleID(s string) bool {
	for _, id := range strings.Split(s, ",") {
		if id == "" || id[0] < 'A' || id[0] > 'Z' || strings.ContainsAny(id, "./\\") {
			return false
		}
	}
	return true
}

func looksLikeRuleSetting(s string) bool {
	id, setting, ok := strings.Cut(s, ":")
	return ok && looksLikeRuleID(id) && strings.Contains(setting, "=")
}

// expandListFlags rewrites cfn-lint's several-values form (`-r a b`) as the
// repeated flags pflag reads (`-r a -r b`).
func expandListFlags(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		out = append(out, arg)
		if arg == "--" {
			return append(out, args[i+1:]...)
		}
		shape, ok := listFlags[arg]
		if !ok || i+1 == len(args) {
			continue
		}
		i++
		out = append(out, args[i])
		for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && (shape == nil || shape(args[i+1])) {
			i++
			out = append(out, arg, args[i])
		}
	}
	return out
}

func newCheckCmd(a *app) *cobra.Command {
	var f checkFlags
	return a.checkCmd(&f)
}

// checkCmd is `check` with its flags bound to f.
func (a *app) checkCmd(f *checkFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check [flags] PATH...",
		Short: "Validate templates (files, directories, globs, - for standard input)",
		Long: `Validates templates with the same checks as the editor. A PATH may be a
template, a directory (searched for .yaml .yml .json .template files that are
templates), a glob (** for any depth: 'templates/**/*.yaml'), or - for standard
input. The flags are cfn-lint's, and a .cfnlintrc is read where cfn-lint reads
it (the home and the current directory), so that a cfn-lint step in CI can run
cfn-lsp check unchanged.

Exit status: the OR of 2 (errors), 4 (warnings) and 8 (informational findings),
as cfn-lint's; --non-zero-exit-code raises the lowest level that counts. 1 is a
usage or configuration error, 32 an unknown region (as cfn-lint).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.check(cmd, f, args)
		},
		ValidArgsFunction: templateArgs,
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringArrayVarP(&f.templates, "template", "t", nil, "a template to check (repeatable; as a PATH)")
	fs.BoolVarP(&f.ignoreBad, "ignore-bad-template", "b", false, "do not report templates that do not parse or paths that match nothing")
	fs.StringArrayVar(&f.ignoreTemplates, "ignore-templates", nil, "paths or globs of templates to skip (repeatable)")
	fs.StringVarP(&f.format, "format", "f", "", "output format: text (default), parseable, json, junit, pretty, sarif, quiet")
	fs.BoolVarP(&f.listRules, "list-rules", "l", false, "list all the rules and exit")
	fs.StringSliceVarP(&f.regions, "regions", "r", nil, "regions to check for (comma-separated or repeated; ALL_REGIONS; default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)")
	fs.StringSliceVarP(&f.ignore, "ignore-checks", "i", nil, "rule ids or id prefixes not to report (W drops every warning; cfn_nag's ids match exactly)")
	fs.StringSliceVarP(&f.include, "include-checks", "c", nil, "rule ids or prefixes to report besides W and E (I for the informational rules)")
	fs.StringSliceVarP(&f.mandatory, "mandatory-checks", "m", nil, "rule ids or prefixes to report even where ignored, templates' Metadata included")
	fs.BoolVarP(&f.experimental, "include-experimental", "e", false, "include experimental rules (cfn-lsp has none: accepted for cfn-lint's command lines)")
	fs.StringArrayVarP(&f.configureRules, "configure-rule", "x", nil, "rule setting RuleId:key=value (accepted as cfn-lint does; cfn-lsp's rules take no settings)")
	fs.StringVar(&f.configFile, "config-file", "", "the cfnlintrc file to use instead of ~/.cfnlintrc and ./.cfnlintrc")
	fs.BoolVarP(&f.version, "version", "v", false, "print the version and exit")
	fs.StringVar(&f.outputFile, "output-file", "", "write the report to this file instead of standard output")
	fs.BoolVar(&f.mergeConfigs, "merge-configs", false, "merge lists from the command line and the configuration file instead of the command line's replacing them")
	fs.StringVar(&f.nonZero, "non-zero-exit-code", "", "lowest level that makes the exit status non-zero: informational (default), warning, error, none")
	fs.BoolVarP(&f.debug, "debug", "D", false, "log what is read and checked to standard error")
	fs.BoolVarP(&f.info, "info", "I", false, "log what is read and checked to standard error")
	fs.BoolVarP(&f.listTemplates, "list-templates", "L", false, "list the templates that would be checked and exit")
	fs.BoolVarP(&f.updateSpecs, "update-specs", "u", false, "download the region's resource schemas into the cache (cfn-lsp spec update) and exit")
	for _, u := range unsupportedFlags {
		fs.StringArrayP(u.long, u.short, nil, u.why)
		fs.MarkHidden(u.long)
	}

	fs.StringVar(&f.spec, "spec", "", "resource specification to load (registry schema dir or zip, or classic spec JSON)")
	fs.StringArrayVarP(&f.registrySchemas, "registry-schemas", "s", nil, "directory, zip or file of registry schemas for private and third-party types, added to the spec (repeatable)")
	fs.StringVar(&f.rulesDir, "rules", "", "directory of cfn-lsp custom rule files (YAML)")
	fs.StringVar(&f.stdinFilename, "stdin-filename", "", "the name to report for the template read from standard input (PATH -)")
	fs.BoolVar(&f.noSecurity, "no-security", false, "skip the security rules (cfn_nag's)")
	fs.BoolVar(&f.securityFailures, "security-failures", true, "count cfn_nag's failure-class (F) findings as errors in the exit status, as cfn_nag does")
	fs.StringSliceVar(&f.oldIgnore, "ignore", nil, "same as --ignore-checks")
	fs.StringVar(&f.unresolved, "unresolved-imports", "info", "how an import no checked template exports is reported: info (I6202) or warning (W6202)")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("non-zero-exit-code", cobra.FixedCompletions(exitLevels, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("regions", cobra.FixedCompletions(append(schema.Regions(), "ALL_REGIONS"), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// formats are check's output formats: cfn-lsp's text, then cfn-lint's.
var formats = []string{"text", "parseable", "json", "junit", "pretty", "sarif", "quiet"}

// checkRun is what check does once flags, configuration and environment are
// settled.
type checkRun struct {
	paths           []string
	ignoreTemplates []string
	ignoreBad       bool
	format          string
	outputFile      string
	nonZero         string
	nagFailures     bool
	opts            analysis.Options
	// debug logs the decisions to standard error.
	debug bool
}

// settle merges the flags with the configuration file as cfn-lint does
// (cfnlint/config.py, _get_argument_value): a flag the command line sets wins;
// a list the command line leaves empty comes from the file; with
// --merge-configs (on either side) lists from both are joined. changed reports
// whether the command line set a flag; getenv reads the environment.
func settle(f *checkFlags, args []string, changed func(string) bool, cfg *cfnlintrc.Config, getenv func(string) string) (checkRun, error) {
	merge := f.mergeConfigs || cfg.MergeConfigs
	pick := func(cli, file []string) []string {
		if merge {
			return append(slices.Clone(cli), file...)
		}
		if len(cli) > 0 {
			return cli
		}
		return file
	}
	str := func(flag, cli, file, def string) string {
		switch {
		case changed(flag):
			return cli
		case file != "":
			return file
		}
		return def
	}
	r := checkRun{
		ignoreBad:   f.ignoreBad || cfg.IgnoreBadTemplate,
		format:      str("format", f.format, cfg.Format, "text"),
		outputFile:  str("output-file", f.outputFile, cfg.OutputFile, ""),
		nonZero:     str("non-zero-exit-code", f.nonZero, cfg.NonZeroExitCode, "informational"),
		nagFailures: f.securityFailures,
		debug:       f.debug || f.info || cfg.Debug,
	}
	if !slices.Contains(formats, r.format) {
		return r, fmt.Errorf("unknown format %q (%s)", r.format, strings.Join(formats, ", "))
	}
	if !slices.Contains(exitLevels, r.nonZero) {
		return r, fmt.Errorf("unknown --non-zero-exit-code %q (%s)", r.nonZero, strings.Join(exitLevels, ", "))
	}
	r.paths = append(slices.Clone(f.templates), args...)
	if len(r.paths) == 0 {
		r.paths = cfg.Templates
	}
	r.ignoreTemplates = pick(f.ignoreTemplates, cfg.IgnoreTemplates)

	regions := pick(f.regions, cfg.Regions)
	switch {
	case slices.Contains(regions, "ALL_REGIONS"):
		regions = schema.Regions()
	case len(regions) == 0 && getenv("AWS_REGION") != "":
		regions = []string{getenv("AWS_REGION")}
	case len(regions) == 0 && getenv("AWS_DEFAULT_REGION") != "":
		regions = []string{getenv("AWS_DEFAULT_REGION")}
	case len(regions) == 0:
		regions = []string{"us-east-1"}
	}
	var unknown []string
	for _, reg := range regions {
		if !schema.KnownRegion(reg) {
			unknown = append(unknown, reg)
		}
	}
	if len(unknown) > 0 {
		return r, &regionError{unknown}
	}
	for _, s := range f.configureRules {
		for _, one := range strings.Split(s, ",") {
			if !looksLikeRuleSetting(one) {
				return r, fmt.Errorf("--configure-rule %q: want RuleId:key=value", one)
			}
		}
	}
	r.opts = analysis.Options{
		Security:  !f.noSecurity,
		Ignore:    pick(append(slices.Clone(f.ignore), f.oldIgnore...), cfg.IgnoreChecks),
		Include:   append([]string{"W", "E"}, pick(f.include, cfg.IncludeChecks)...),
		Mandatory: pick(f.mandatory, cfg.MandatoryChecks),
		Regions:   regions,
		Now:       clock,
	}
	return r, nil
}

// regionError is an unknown region, which cfn-lint ends with status 32.
type regionError struct{ regions []string }

func (e *regionError) Error() string {
	return fmt.Sprintf("unknown region %s; the regions are %s", strings.Join(e.regions, ", "), strings.Join(schema.Regions(), ", "))
}

const exitUnknownRegion = 32

func (a *app) check(cmd *cobra.Command, f *checkFlags, args []string) error {
	defer batchGC()()
	fs := cmd.Flags()
	if f.version {
		fmt.Fprintf(a.stdout, "cfn-lsp %s\n", buildVersion())
		return nil
	}
	for _, u := range unsupportedFlags {
		if fs.Changed(u.long) {
			return a.fail(cmd, fmt.Errorf("--%s is cfn-lint's and cfn-lsp does not support it: %s", u.long, u.why))
		}
	}
	cwd, _ := os.Getwd()
	cfg, err := cfnlintrc.Load(f.configFile, cfnlintrc.Home(), cwd)
	if err != nil {
		return a.fail(cmd, err)
	}
	for _, k := range cfg.Unsupported {
		fmt.Fprintf(a.stderr, "cfn-lsp check: %s: %q is a cfn-lint feature cfn-lsp does not have; ignored\n", strings.Join(cfg.Files, ", "), k)
	}
	run, err := settle(f, args, fs.Changed, cfg, os.Getenv)
	if err != nil {
		var re *regionError
		if errors.As(err, &re) {
			fmt.Fprintf(a.stderr, "%s: %v\n", cmd.CommandPath(), err)
			return exitStatus(exitUnknownRegion)
		}
		return a.fail(cmd, err)
	}
	logf := func(format string, args ...any) {
		if run.debug {
			fmt.Fprintf(a.stderr, "cfn-lsp check: "+format+"\n", args...)
		}
	}
	logf("configuration files: %v; regions: %v", cfg.Files, run.opts.Regions)
	if len(f.configureRules) > 0 || len(cfg.ConfigureRules) > 0 {
		logf("rule settings (--configure-rule, configure_rules) have no effect: cfn-lsp's rules take none")
	}

	switch {
	case f.listRules:
		rs := append(allRules(), customRuleList(f.rulesDir)...)
		sortRules(rs)
		return a.report(cmd, writeRulesText(a.stdout, rs))
	case f.updateSpecs:
		path, region, sp, err := specUpdate{region: run.opts.Regions[0]}.run(cmd.Context())
		if err != nil {
			return a.fail(cmd, err)
		}
		fmt.Fprintf(a.stdout, "saved the %s registry schemas to %s (%d resource types)\n", region, path, sp.Len())
		return nil
	}

	if len(run.paths) == 0 {
		if !stdinIsData(a.stdin) {
			return a.fail(cmd, errors.New("no templates given: name files, directories or globs, - for standard input, or set templates in .cfnlintrc"))
		}
		run.paths = []string{"-"} // cfn-lint reads a template piped in
	}
	inputs, problems := collect(run.paths, run.ignoreTemplates, run.ignoreBad)
	logf("%d files to read", len(inputs))
	if f.listTemplates {
		for _, in := range inputs {
			if in.explicit || in.stdin || looksLikeTemplateFile(in.path) {
				fmt.Fprintln(a.stdout, in.path)
			}
		}
		return nil
	}

	spec, err := schema.Resolve(f.spec)
	if err == nil {
		spec, err = spec.WithRegistrySchemas(f.registrySchemas)
	}
	if err != nil {
		return a.fail(cmd, fmt.Errorf("loading spec: %w", err))
	}
	opts := run.opts
	if f.rulesDir != "" {
		extra, err := loadCustomRules(f.rulesDir)
		if err != nil {
			return a.fail(cmd, err)
		}
		opts.Extra = append(opts.Extra, extra)
	}
	if f.unresolved != "info" && f.unresolved != "warning" {
		return a.fail(cmd, fmt.Errorf("--unresolved-imports %q: want info or warning", f.unresolved))
	}
	if ws := workspaceOf(inputs); ws != nil {
		defer ws.Stop()
		wopts := workspace.DiagnosticOptions{ImportsAsWarnings: f.unresolved == "warning"}
		opts.Extra = append(opts.Extra, func(t *template.Template) []diag.Diagnostic {
			return ws.Diagnostics(workspace.PathOf(t.URI), t, wopts)
		})
		logf("workspace index: %d templates", ws.Len())
	}
	src := source{stdin: a.stdin, stdinName: f.stdinFilename}
	results := checkFiles(inputs, src, spec, opts)
	results = append(results, problems...)
	results = finish(results, run.paths, run.ignoreBad, opts)

	out := a.stdout
	if run.outputFile != "" {
		file, err := os.Create(run.outputFile)
		if err != nil {
			return a.fail(cmd, err)
		}
		defer file.Close()
		out = file
	}
	rules := append(allRules(), customRuleList(f.rulesDir)...)
	if err := writeReport(out, run.format, results, rules, opts); err != nil {
		return a.fail(cmd, err)
	}
	if code := exitCode(results, run.nonZero, run.nagFailures); code != 0 {
		return exitStatus(code)
	}
	return nil
}

// report ends a command that only wrote output.
func (a *app) report(cmd *cobra.Command, err error) error {
	if err != nil {
		return a.fail(cmd, err)
	}
	return nil
}

// stdinIsData reports whether standard input is a pipe or a file, which
// cfn-lint reads a template from when it is given none (a terminal is not).
func stdinIsData(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && (fi.Mode().IsRegular() || fi.Mode()&os.ModeNamedPipe != 0)
}

// templateArgs completes a command's arguments with template files.
func templateArgs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml", "json", "template"}, cobra.ShellCompDirectiveFilterFileExt
}

// clock is the date the lifecycle checks (runtime and service retirement) judge
// by; the tests pin it so that their goldens do not age.
var clock = time.Now

// workspaceOf indexes the files to check when they form a workspace: a
// directory or a glob was given, or several files. The cross-file findings
// (an export two templates declare, an import none exports) then read it;
// one template alone is not a workspace, and they would only say so.
func workspaceOf(inputs []input) *workspace.Index {
	var paths []string
	walked := false
	for _, in := range inputs {
		if !in.stdin {
			paths = append(paths, in.path)
			walked = walked || !in.explicit
		}
	}
	if len(paths) < 2 && !walked {
		return nil
	}
	return workspace.Build(paths, workspace.Options{})
}
