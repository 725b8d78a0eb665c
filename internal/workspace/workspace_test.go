package workspace

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
)

const testWorkspace = "../../testdata/workspace"

func parseFile(t *testing.T, path string) *template.Template {
	t.Helper()
	b, err := fileio.ReadFile(path, template.MaxSize)
	if err != nil {
		t.Fatal(err)
	}
	return template.Parse(FileURI(path), string(b))
}

// posOf returns the position of the nth occurrence of sub in t's text, plus
// off characters.
func posOf(t *testing.T, tm *template.Template, sub string, off int) template.Pos {
	t.Helper()
	i := strings.Index(tm.Text, sub)
	if i < 0 {
		t.Fatalf("%q not in %s", sub, tm.URI)
	}
	return tm.Lines.PosOf(i + off)
}

// where renders locations as "file:line:col" for comparison.
func where(ls []Location) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s:%d:%d", filepath.Base(l.Path), l.Range.Start.Line+1, l.Range.Start.Char+1))
	}
	slices.Sort(out)
	return out
}

func testIndex(t *testing.T) (*Index, string) {
	t.Helper()
	dir, err := filepath.Abs(testWorkspace)
	if err != nil {
		t.Fatal(err)
	}
	ix := Build([]string{dir}, Options{})
	t.Cleanup(ix.Stop)
	return ix, dir
}

func TestDiagnostics(t *testing.T) {
	ix, dir := testIndex(t)
	got := map[string][]string{}
	for _, name := range []string{"network.yaml", "app-web.yaml", "app-api.yaml", "parent.yaml", "child.yaml"} {
		p := filepath.Join(dir, name)
		for _, d := range ix.Diagnostics(p, parseFile(t, p), DiagnosticOptions{}) {
			got[name] = append(got[name], fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line+1, d.Range.Start.Char+1, d.Code, d.Message))
		}
	}
	want := map[string][]string{
		"network.yaml": {`34:13 I6203 No template of the workspace imports export "network-FlowLogs"`},
		"app-web.yaml": {`30:13 E6201 Export name "apps-AlarmTopic" is also exported by app-api.yaml (output AlarmTopic): CloudFormation refuses an export name that another stack of the account and region exports`,
			`30:13 I6203 No template of the workspace imports export "apps-AlarmTopic"`},
		"app-api.yaml": {`21:27 I6202 No template of the workspace exports "shared-CertificateVpc"; the stack that exports it must be deployed first, in the same region`,
			`28:13 E6201 Export name "apps-AlarmTopic" is also exported by app-web.yaml (output AlarmTopic): CloudFormation refuses an export name that another stack of the account and region exports`,
			`28:13 I6203 No template of the workspace imports export "apps-AlarmTopic"`},
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("%s:\n got %q\nwant %q", name, got[name], w)
		}
	}
	for name, g := range got {
		if want[name] == nil {
			t.Errorf("%s: unexpected %q", name, g)
		}
	}
}

func TestNavigation(t *testing.T) {
	ix, dir := testIndex(t)
	web := parseFile(t, filepath.Join(dir, "app-web.yaml"))
	webPath := filepath.Join(dir, "app-web.yaml")
	parent := parseFile(t, filepath.Join(dir, "parent.yaml"))
	parentPath := filepath.Join(dir, "parent.yaml")
	child := parseFile(t, filepath.Join(dir, "child.yaml"))
	childPath := filepath.Join(dir, "child.yaml")
	network := parseFile(t, filepath.Join(dir, "network.yaml"))
	networkPath := filepath.Join(dir, "network.yaml")
	api := parseFile(t, filepath.Join(dir, "app-api.yaml"))
	apiPath := filepath.Join(dir, "app-api.yaml")

	for _, c := range []struct {
		name string
		got  []Location
		want []string
	}{
		{"literal import", ix.Definition(webPath, web, posOf(t, web, "network-VpcId", 2)), []string{"network.yaml:24:13"}},
		// The Sub resolves with the parameter's default to network-PrivateSubnet,
		// which the exporter's ${AWS::StackName}-PrivateSubnet may be.
		{"sub import", ix.Definition(webPath, web, posOf(t, web, "${NetworkStack}-PrivateSubnet", 3)), []string{"network.yaml:29:19"}},
		{"passed parameter", ix.Definition(parentPath, parent, posOf(t, parent, "VpcId:", 1)), []string{"child.yaml:4:3"}},
		{"child output", ix.Definition(parentPath, parent, posOf(t, parent, "Outputs.QueueUrl", 9)), []string{"child.yaml:17:3"}},
		{"ssm read", ix.Definition(apiPath, api, posOf(t, api, "/network/vpc-id", 1)), []string{"network.yaml:16:13"}},
		{"nothing", ix.Definition(webPath, web, posOf(t, web, "WebGroup", 1)), nil},

		{"export refs", ix.References(networkPath, network, posOf(t, network, "network-VpcId", 1), true),
			[]string{"app-api.yaml:12:27", "app-web.yaml:12:27", "network.yaml:24:13", "parent.yaml:9:29"}},
		{"output key refs", ix.References(networkPath, network, posOf(t, network, "PrivateSubnetId:", 1), false),
			[]string{"app-web.yaml:19:32"}},
		{"child parameter refs", ix.References(childPath, child, posOf(t, child, "VpcId:", 1), true),
			[]string{"child.yaml:4:3", "parent.yaml:9:9"}},
		{"child output refs", ix.References(childPath, child, posOf(t, child, "QueueUrl:", 1), false),
			[]string{"parent.yaml:15:35"}},
		{"ssm refs", ix.References(networkPath, network, posOf(t, network, "/network/vpc-id", 1), true),
			[]string{"app-api.yaml:11:40", "app-api.yaml:6:14", "network.yaml:16:13"}},
	} {
		if got := where(c.got); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRenameExport(t *testing.T) {
	ix, dir := testIndex(t)
	networkPath := filepath.Join(dir, "network.yaml")
	network := parseFile(t, networkPath)
	current := func(p string) *template.Template { return parseFile(t, p) }
	pos := posOf(t, network, "network-VpcId", 1)
	if rng, old, err := ix.PrepareRenameExport(networkPath, network, pos); err != nil || old != "network-VpcId" || rng.Start.Line != 23 {
		t.Fatalf("prepare: %v %q %v", rng, old, err)
	}
	r, err := ix.RenameExport(networkPath, network, pos, "core-VpcId", current)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Files {
		tm := current(f.Path)
		for _, e := range f.Edits {
			got = append(got, fmt.Sprintf("%s:%d:%d %s -> %s", filepath.Base(f.Path), e.Range.Start.Line+1, e.Range.Start.Char+1,
				tm.Text[tm.Lines.Offset(e.Range.Start):tm.Lines.Offset(e.Range.End)], e.NewText))
		}
	}
	want := []string{
		"app-api.yaml:12:27 network-VpcId -> core-VpcId",
		"app-web.yaml:12:27 network-VpcId -> core-VpcId",
		"network.yaml:24:13 network-VpcId -> core-VpcId",
		"parent.yaml:9:29 network-VpcId -> core-VpcId",
	}
	if !slices.Equal(got, want) {
		t.Errorf("edits:\n got %q\nwant %q", got, want)
	}
	// A name written with Fn::Sub is not renamed.
	if _, _, err := ix.PrepareRenameExport(networkPath, network, posOf(t, network, "${AWS::StackName}-PrivateSubnet", 2)); err == nil {
		t.Error("a Sub export name was offered for rename")
	}
}

func TestSymbols(t *testing.T) {
	ix, _ := testIndex(t)
	var got []string
	for _, s := range ix.Symbols("vpcid", 10) {
		got = append(got, fmt.Sprintf("%s %s %s", filepath.Base(s.Path), s.Section, s.Name))
	}
	want := []string{
		"app-api.yaml Parameters VpcId", "child.yaml Parameters VpcId", "network.yaml Outputs VpcId",
		"network.yaml Resources VpcIdParameter", "network.yaml Exports network-VpcId",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestOpenDocumentWins(t *testing.T) {
	ix, dir := testIndex(t)
	networkPath := filepath.Join(dir, "network.yaml")
	webPath := filepath.Join(dir, "app-web.yaml")
	web := parseFile(t, webPath)
	network := parseFile(t, networkPath)
	edited := template.Parse(network.URI, strings.Replace(network.Text, "Name: network-VpcId", "Name: network-Vpc", 1))
	ix.Opened(networkPath, edited)
	ix.Wait()
	if got := ix.Definition(webPath, web, posOf(t, web, "network-VpcId", 2)); len(got) != 0 {
		t.Errorf("the disk's export still found: %v", where(got))
	}
	codes := func() []string {
		var out []string
		for _, d := range ix.Diagnostics(webPath, web, DiagnosticOptions{ImportsAsWarnings: true}) {
			out = append(out, d.Code)
		}
		return out
	}
	if got := codes(); !slices.Contains(got, "W6202") {
		t.Errorf("the import of the renamed export is not reported: %v", got)
	}
	ix.Closed(networkPath)
	ix.Wait()
	if got := codes(); slices.Contains(got, "W6202") {
		t.Errorf("after close, the disk's export is not seen again: %v", got)
	}
}

func TestDeploymentResolvesSub(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { testutil.WriteFile(t, filepath.Join(dir, name), text) }
	write("net.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\nOutputs:\n  Id:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub \"${AWS::StackName}-Vpc\"\n")
	write("other.yaml", "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\nOutputs:\n  Id:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub \"${Prefix}-Vpc\"\nParameters:\n  Prefix:\n    Type: String\n    Default: prod\n")
	write("app.yaml", "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      VpcId: !ImportValue prod-Vpc\n")
	// Without a deployment, the stack name is unknown: both exports may be prod-Vpc.
	ix := Build([]string{dir}, Options{})
	app := parseFile(t, filepath.Join(dir, "app.yaml"))
	pos := posOf(t, app, "prod-Vpc", 1)
	if got := where(ix.Definition(filepath.Join(dir, "app.yaml"), app, pos)); !slices.Equal(got, []string{"net.yaml:8:19", "other.yaml:8:19"}) {
		t.Errorf("without a deployment: %q", got)
	}
	ix.Stop()
	// A deployment naming the stack "dev" makes net.yaml's export dev-Vpc.
	write(".cfn-lsp.yaml", "templates:\n  net.yaml:\n    - name: dev\n      stackName: dev\n      region: eu-west-1\n")
	ix = Build([]string{dir}, Options{})
	defer ix.Stop()
	if got := where(ix.Definition(filepath.Join(dir, "app.yaml"), app, pos)); !slices.Equal(got, []string{"other.yaml:8:19"}) {
		t.Errorf("with net.yaml deployed as dev: %q", got)
	}
}
