package quickfix

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/analysis"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/testutil"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

func parse(t *testing.T, name, text string) *template.Template {
	t.Helper()
	return testutil.Parse(t, "file:///"+name, text)
}

func analyze(t *testing.T, tp *template.Template, security bool) []diag.Diagnostic {
	t.Helper()
	ds, err := analysis.Analyze(context.Background(), tp, schema.Default(), analysis.Options{Security: security})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func apply(tp *template.Template, edits []Edit) string {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[j].Range.Start.Less(es[i].Range.Start) })
	s := tp.Text
	for _, e := range es {
		a, b := tp.Lines.Offset(e.Range.Start), tp.Lines.Offset(e.Range.End)
		s = s[:a] + e.NewText + s[b:]
	}
	return s
}

func has(ds []diag.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

// fixAll applies the first action whose title starts with prefix and that
// fixes a diagnostic of code, then checks that no diagnostic of code is left
// and (strict) that no new error appeared: placeholders may not be valid values.
func fixAll(t *testing.T, name, src, code, prefix string, strict bool) string {
	t.Helper()
	tp := parse(t, name, src)
	ds := analyze(t, tp, false)
	if !has(ds, code) {
		t.Fatalf("%s: the analysis reports no %s to fix: %+v", name, code, ds)
	}
	var rel []diag.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			rel = append(rel, d)
		}
	}
	for _, a := range Actions(Request{Template: tp, Spec: schema.Default(), Range: rel[0].Range, Diagnostics: rel}) {
		if !strings.HasPrefix(a.Title, prefix) || len(a.Fixes) == 0 {
			continue
		}
		out := apply(tp, a.Edits)
		after := parse(t, name, out)
		left := analyze(t, after, false)
		if has(left, code) {
			t.Errorf("%s: %q left %s:\n%s\n%+v", name, a.Title, code, out, left)
		}
		for _, d := range left {
			if strict && d.Severity == diag.Error && !has(ds, d.Code) {
				t.Errorf("%s: %q introduced %s %s:\n%s", name, a.Title, d.Code, d.Message, out)
			}
		}
		return out
	}
	t.Fatalf("%s: no action %q among %+v", name, prefix, Actions(Request{Template: tp, Spec: schema.Default(), Range: rel[0].Range, Diagnostics: rel}))
	return ""
}

func TestDidYouMean(t *testing.T) {
	yml := "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNam: x\n      DelaySeconds: 5\n"
	out := fixAll(t, "t.yaml", yml, "E3002", "Change to", true)
	if !strings.Contains(out, "QueueName: x") {
		t.Errorf("did-you-mean fix:\n%s", out)
	}
	js := `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueNam": "x"}}}}`
	if out := fixAll(t, "t.json", js, "E3002", "Change to", true); !strings.Contains(out, `"QueueName": "x"`) {
		t.Errorf("json did-you-mean fix:\n%s", out)
	}
}

func TestRemoveUnknown(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"middle.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      Zzzzzz: x\n      QueueName: q\n",
			"    Properties:\n      DelaySeconds: 5\n      QueueName: q\n"},
		{"last.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      Zzzzzz:\n        - a\n        - b",
			"    Properties:\n      DelaySeconds: 5"},
		{"flow.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: 5, Zzzzzz: x}\n",
			"Properties: {DelaySeconds: 5}"},
		{"t.json", "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\n  \"Zzzzzz\": \"x\",\n  \"DelaySeconds\": 5}}}}\n",
			"{\n  \"DelaySeconds\": 5}"},
		{"last.json", "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"DelaySeconds\": 5, \"Zzzzzz\": {\"a\": 1}}}}}",
			`{"DelaySeconds": 5}`},
		// a quote in the name: the message quotes it differently, the fix does not care
		{"quote.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      \"Odd'Key\": x\n      QueueName: q\n",
			"    Properties:\n      DelaySeconds: 5\n      QueueName: q\n"},
		{"quote.json", `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5, "Odd'Key": "x"}}}}`,
			`{"DelaySeconds": 5}`},
	} {
		if out := fixAll(t, tc.name, tc.src, "E3002", "Remove", true); !strings.Contains(out, tc.want) {
			t.Errorf("%s: got\n%s\nwant it to contain\n%s", tc.name, out, tc.want)
		}
	}
}

// A property set with one it cannot go with is removed by its quick fix.
func TestRemoveExcluded(t *testing.T) {
	for _, tc := range []struct{ name, code, src, want string }{
		{"excluded.yaml", "E3020", "Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      SubnetId: subnet-1\n      NetworkInterfaces:\n        - DeviceIndex: \"0\"\n          SubnetId: subnet-1\n",
			"      ImageId: ami-1\n      NetworkInterfaces:"},
		{"xor.json", "E3014", `{"Resources": {"G": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "g",
  "SecurityGroupIngress": [{"IpProtocol": "tcp", "CidrIp": "10.0.0.0/8", "SourceSecurityGroupId": "sg-1"}]}}}}`,
			`[{"IpProtocol": "tcp", "SourceSecurityGroupId": "sg-1"}]`},
	} {
		if out := fixAll(t, tc.name, tc.src, tc.code, "Remove", true); !strings.Contains(out, tc.want) {
			t.Errorf("%s: got\n%s\nwant it to contain\n%s", tc.name, out, tc.want)
		}
	}
}

// TestAddRequiredQuotedName adds a required property whose name holds a
// quote: the fix reads the name from the finding's data, not its message.
func TestAddRequiredQuotedName(t *testing.T) {
	tp := parse(t, "t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n")
	key := tp.Resource("Q").Value.GetPair("Properties").Key
	d := diag.Diagnostic{Range: key.Range, Code: "E3003", Message: `"Odd'Name" is a required property`,
		Source: diag.SourceValidate, Data: diag.Data{Missing: "Odd'Name"}}
	for _, a := range Actions(Request{Template: tp, Spec: schema.Default(), Range: d.Range, Diagnostics: []diag.Diagnostic{d}}) {
		if a.Title == `Add required property "Odd'Name"` {
			if out := apply(tp, a.Edits); !strings.Contains(out, "      DelaySeconds: 5\n      Odd'Name: \"\"") {
				t.Errorf("fix gives\n%s", out)
			}
			return
		}
	}
	t.Error("no fix adds the property")
}

func TestAddRequired(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"props.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12 # keep me\n  Q:\n    Type: AWS::SQS::Queue\n",
			"      Runtime: python3.12 # keep me\n      Code: {}\n      Role: \"\"\n  Q:"},
		{"none.yaml", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n  Q:\n    Type: AWS::SQS::Queue\n",
			"    Type: AWS::Lambda::Function\n    Properties:\n      Code: {}\n      Role: \"\"\n  Q:"},
		{"t.json", "{\n  \"Resources\": {\n    \"F\": {\n      \"Type\": \"AWS::Lambda::Function\",\n      \"Properties\": {\n        \"Runtime\": \"python3.12\"\n      }\n    }\n  }\n}\n",
			"        \"Runtime\": \"python3.12\",\n        \"Code\": {},\n        \"Role\": \"\"\n      }"},
		{"item.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        - Value: x\n",
			"        - Value: x\n          Key: \"\"\n"},
		{"item.json", `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": [{"Value": "x"}]}}}}`,
			`[{"Value": "x", "Key": ""}]`},
		{"none.json", `{"Resources": {"F": {"Type": "AWS::Lambda::Function"}}}`,
			`"Type": "AWS::Lambda::Function", "Properties": {"Code": {}, "Role": ""}}`},
	} {
		if out := fixAll(t, tc.name, tc.src, "E3003", "Add required", false); !strings.Contains(out, tc.want) {
			t.Errorf("%s: got\n%s\nwant it to contain\n%s", tc.name, out, tc.want)
		}
	}
}

func TestSuppressSecurity(t *testing.T) {
	src := "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: open\n      SecurityGroupIngress:\n        - CidrIp: 0.0.0.0/0\n          IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n"
	tp := parse(t, "sg.yaml", src)
	var sec []diag.Diagnostic
	for _, d := range analyze(t, tp, true) {
		if d.Source == diag.SourceSecurity && d.Resource == "SG" {
			sec = append(sec, d)
		}
	}
	if len(sec) == 0 {
		t.Fatal("the security rules report nothing on an open security group")
	}
	d := sec[0]
	for _, a := range Actions(Request{Template: tp, Range: d.Range, Diagnostics: []diag.Diagnostic{d}}) {
		if !strings.HasPrefix(a.Title, "Suppress") {
			continue
		}
		after := parse(t, "sg.yaml", apply(tp, a.Edits))
		for _, x := range analyze(t, after, true) {
			if x.Code == d.Code && x.Resource == "SG" {
				t.Errorf("%s still reported after %q:\n%s", d.Code, a.Title, after.Text)
			}
		}
		return
	}
	t.Errorf("no suppression action for %+v", d)
}

func TestExtractParameter(t *testing.T) {
	for _, tc := range []struct {
		name, src, at, wantRef, wantDefault string
	}{
		{"new.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: orders\n", "orders", "QueueName: !Ref QQueueName", "orders"},
		{"existing.yaml", "Parameters:\n  Env:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n", "5", "DelaySeconds: !Ref QDelaySeconds", "5"},
		{"new.json", "{\n  \"Resources\": {\n    \"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"QueueName\": \"orders\"}}\n  }\n}\n", "orders", `"QueueName": {"Ref": "QQueueName"}`, "orders"},
		{"existing.json", `{"Parameters": {"QQueueName": {"Type": "String"}}, "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}}}}`, "orders", `"QueueName": {"Ref": "QQueueName2"}`, "orders"},
		// an empty Parameters section keeps its colon (found by FuzzActions)
		{"empty-section.yaml", "Parameters:\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n", "5", "DelaySeconds: !Ref QDelaySeconds", "5"},
	} {
		tp := parse(t, tc.name, tc.src)
		off := strings.Index(tc.src, tc.at)
		pos := tp.Lines.PosOf(off + 1)
		a, ok := ExtractParameter(tp, template.Range{Start: pos, End: pos})
		if !ok {
			t.Errorf("%s: no extract action", tc.name)
			continue
		}
		out := apply(tp, a.Edits)
		after := parse(t, tc.name, out)
		if !strings.Contains(out, tc.wantRef) {
			t.Errorf("%s: got\n%s\nwant %s", tc.name, out, tc.wantRef)
		}
		name := a.Title[strings.Index(a.Title, `"`)+1 : len(a.Title)-1]
		p := after.Parameter(name)
		if def, _ := p.Get("Default").Str(); p == nil || def != tc.wantDefault {
			t.Errorf("%s: parameter %s missing or default wrong:\n%s", tc.name, name, out)
		}
		for _, d := range analyze(t, after, false) {
			if d.Severity == diag.Error {
				t.Errorf("%s: error after extracting: %s %s\n%s", tc.name, d.Code, d.Message, out)
			}
		}
	}
	// Not offered on keys, Ref arguments or outside resources.
	tp := parse(t, "no.yaml", "Parameters:\n  P:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref P\n")
	for _, at := range []string{"QueueName", "!Ref P", "String"} {
		pos := tp.Lines.PosOf(strings.Index(tp.Text, at) + len(at) - 1)
		if _, ok := ExtractParameter(tp, template.Range{Start: pos, End: pos}); ok {
			t.Errorf("extract offered at %q", at)
		}
	}
}

func TestSourceActions(t *testing.T) {
	tp := parse(t, "t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	var titles []string
	for _, a := range Actions(Request{Template: tp}) {
		titles = append(titles, a.Title+"|"+a.Command)
	}
	want := "Convert to JSON|cfn-lsp.convertToJSON Launch stack…|cfn-lsp.launchStack Validate with CloudFormation|cfn-lsp.validateTemplate Copy the IAM policy to deploy it|cfn-lsp.permissions"
	if got := strings.Join(titles, " "); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	js := parse(t, "t.json", `{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}`)
	if as := Actions(Request{Template: js, Only: []string{"source.convert"}}); len(as) != 1 || as[0].Command != CmdConvertToYAML {
		t.Errorf("only source.convert: %+v", as)
	}
	if as := Actions(Request{Template: js, Only: []string{"quickfix"}}); len(as) != 0 {
		t.Errorf("only quickfix: %+v", as)
	}
	if as := Actions(Request{Template: parse(t, "x.yaml", "a: 1\n")}); len(as) != 0 {
		t.Errorf("actions on a non-template: %+v", as)
	}
}

// TestEveryFixFixes applies the action of every diagnostic that carries a Fix
// (misspelled types, properties, Ref/GetAtt targets, conditions) and checks
// that the diagnostic is gone.
func TestEveryFixFixes(t *testing.T) {
	srcs := map[string]string{
		"refs.yaml": `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queu
    Condition: IsPrd
    Properties:
      QueueName: !Ref Evn
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt Queeu.QueueName
      DisplayName: !Sub "${Evn}-x"
`,
		"refs.json": `{"Parameters": {"Env": {"Type": "String"}},
 "Resources": {
  "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Ref": "Evn"}}},
  "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Fn::GetAtt": ["Queeu", "QueueName"]}}}}}
`,
	}
	srcs["iam.yaml"] = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - "s3:GetObjekt"
              - dynamodbb:GetItem
            Resource: "*"
`
	for name, src := range srcs {
		tp := parse(t, name, src)
		n := 0
		for _, d := range analyze(t, tp, false) {
			if d.Fix == nil {
				continue
			}
			n++
			acts := Actions(Request{Template: tp, Range: d.Range, Diagnostics: []diag.Diagnostic{d}})
			if len(acts) == 0 || acts[0].Title != d.Fix.Title {
				t.Errorf("%s: no action for %s %s", name, d.Code, d.Message)
				continue
			}
			after := parse(t, name, apply(tp, acts[0].Edits))
			for _, x := range analyze(t, after, false) {
				if x.Code == d.Code && x.Range.Start.Line == d.Range.Start.Line {
					t.Errorf("%s: %q left %s %s:\n%s", name, acts[0].Title, x.Code, x.Message, after.Text)
				}
			}
		}
		if n < 2 {
			t.Errorf("%s: only %d diagnostics carry a fix", name, n)
		}
	}
}

// TestAllTestdata computes the actions of every diagnostic and of every line of
// every file under testdata, applies their edits, and checks that the result
// still parses (no action may break a document that parsed).
func TestAllTestdata(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/*/*")
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil || strings.HasSuffix(f, ".golden") {
			continue
		}
		tp := template.Parse("file:///"+filepath.Base(f), string(src))
		if !tp.IsTemplate() {
			continue
		}
		n++
		ds := analyze(t, tp, true)
		reqs := []Request{}
		for _, d := range ds {
			reqs = append(reqs, Request{Template: tp, Spec: schema.Default(), Range: d.Range, Diagnostics: []diag.Diagnostic{d}})
		}
		for l := 0; l < tp.Lines.Count(); l += 3 {
			p := template.Pos{Line: l, Char: len(tp.Lines.Line(l)) - 1}
			reqs = append(reqs, Request{Template: tp, Range: template.Range{Start: p, End: p}})
		}
		for _, r := range reqs {
			for _, a := range Actions(r) {
				if len(a.Edits) == 0 {
					continue
				}
				after := template.Parse(tp.URI, apply(tp, a.Edits))
				if tp.Err == nil && after.Err != nil {
					t.Errorf("%s: %q breaks the document: %v\n%s", f, a.Title, after.Err, after.Text)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no templates")
	}
}
