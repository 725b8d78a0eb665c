// Package graph draws a template as a graph: its resources grouped by service
// and coloured by kind, the Ref, Fn::GetAtt, Fn::Sub and DependsOn edges
// between them, the conditions on the entries they guard, and its parameters
// and outputs at the edges; and a workspace as its stacks, joined by the
// exports they import and the templates they nest. It writes DOT, Mermaid and
// JSON itself and renders SVG from the DOT (svg.go). It is protocol-free:
// `cfn-lsp graph` and the server's graph command both call it.
package graph

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/internal/workspace"
)

// Node kinds.
const (
	KindParameter = "parameter"
	KindResource  = "resource"
	KindOutput    = "output"
	KindStack     = "stack" // a template of a workspace
)

// Edge kinds: how one entry reads another, or how stacks are linked.
const (
	EdgeRef       = "Ref"
	EdgeGetAtt    = "GetAtt"
	EdgeSub       = "Sub"
	EdgeDependsOn = "DependsOn"
	EdgeExport    = "export" // an export and its import
	EdgeNests     = "nests"  // a parent stack and its nested child
)

// Graph is a drawing of a template or a workspace.
type Graph struct {
	Name  string `json:"name"`
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is an entry of a template (parameter, resource, output) or a stack.
type Node struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	Type  string `json:"type,omitempty"` // a resource's or parameter's type
	// Group is the service a resource belongs to ("EC2", "S3"), and
	// Category its kind (network, compute, storage...), which colours it.
	Group     string `json:"group,omitempty"`
	Category  string `json:"category,omitempty"`
	Condition string `json:"condition,omitempty"` // the condition that guards it
	// URI and Range are where it is declared.
	URI   string          `json:"uri,omitempty"`
	Range *template.Range `json:"range,omitempty"`
}

// Edge goes from what is read to what reads it (a parameter to the resource
// using it, a resource to the output showing it), so that a drawing flows from
// the parameters to the outputs; from an exporting stack to an importing one,
// from a parent to its child.
type Edge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Kind  string `json:"kind"`
	Label string `json:"label,omitempty"` // a GetAtt's attribute, an export's name
}

func nodeID(section, name string) string {
	switch section {
	case refs.Parameters:
		return "param:" + name
	case refs.Outputs:
		return "out:" + name
	}
	return "res:" + name
}

// Of draws a template.
func Of(t *template.Template) *Graph {
	g := &Graph{Name: baseName(t.URI)}
	if t.Root == nil || t.Root.Kind != template.Mapping {
		return g
	}
	ix := refs.Of(t)
	nodes := map[string]bool{}
	for _, sec := range []string{refs.Parameters, refs.Resources, refs.Outputs} {
		for _, d := range ix.Declared(sec) {
			n := Node{ID: nodeID(sec, d.Name), Label: d.Name, URI: t.URI, Range: &d.Range}
			switch sec {
			case refs.Parameters:
				n.Kind = KindParameter
				n.Type, _ = d.Entry.Get("Type").Str()
			case refs.Resources:
				n.Kind = KindResource
				n.Type, _ = d.Entry.Get("Type").Str()
				n.Group, n.Category = service(n.Type)
			case refs.Outputs:
				n.Kind = KindOutput
			}
			if sec != refs.Parameters {
				n.Condition, _ = d.Entry.Get("Condition").Str()
			}
			g.Nodes = append(g.Nodes, n)
			nodes[n.ID] = true
		}
	}
	seen := map[Edge]bool{}
	for i := range ix.Refs {
		r := &ix.Refs[i]
		if r.BoundBy != nil || r.Entry == "" || (r.Section != refs.Resources && r.Section != refs.Outputs) {
			continue
		}
		var kind string
		switch r.Kind {
		case refs.KindRef:
			kind = EdgeRef
		case refs.KindGetAtt:
			kind = EdgeGetAtt
		case refs.KindSub:
			kind = EdgeSub
		case refs.KindDependsOn:
			kind = EdgeDependsOn
		default:
			continue
		}
		if r.Target != refs.Resources && r.Target != refs.Parameters {
			continue // pseudo parameters, undeclared names
		}
		e := Edge{From: nodeID(r.Target, r.Name), To: nodeID(r.Section, r.Entry), Kind: kind, Label: r.Attr}
		if !nodes[e.From] || !nodes[e.To] || e.From == e.To || seen[e] {
			continue
		}
		seen[e] = true
		g.Edges = append(g.Edges, e)
	}
	g.sortEdges()
	return g
}

func (g *Graph) sortEdges() {
	sort.SliceStable(g.Edges, func(i, j int) bool {
		a, b := g.Edges[i], g.Edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Label < b.Label
	})
}

func baseName(uri string) string {
	if p := workspace.PathOf(uri); p != "" {
		return filepath.Base(p)
	}
	return filepath.Base(uri)
}

// Stacks draws the templates of a workspace index: each a node, joined from
// an exporting template to each template importing one of its exports
// (labelled with the export's name), and from a parent to the child it nests.
// root is the directory paths are shown relative to.
func Stacks(ix *workspace.Index, root string) *Graph {
	g := &Graph{Name: filepath.Base(root)}
	files := ix.Files()
	ids := map[string]string{}
	for _, f := range files {
		label := f.Path
		if r, err := filepath.Rel(root, f.Path); err == nil {
			label = filepath.ToSlash(r)
		}
		ids[f.Path] = "stack:" + label
		g.Nodes = append(g.Nodes, Node{ID: ids[f.Path], Label: label, Kind: KindStack, URI: f.URI})
	}
	seen := map[Edge]bool{}
	add := func(e Edge) {
		if e.From != "" && e.To != "" && e.From != e.To && !seen[e] {
			seen[e] = true
			g.Edges = append(g.Edges, e)
		}
	}
	for _, imp := range files {
		for _, im := range imp.Imports {
			for _, exp := range files {
				for _, e := range exp.Exports {
					if workspace.Matches(e.Name, im.Name) {
						add(Edge{From: ids[exp.Path], To: ids[imp.Path], Kind: EdgeExport, Label: e.Name.Text})
					}
				}
			}
		}
		for _, s := range imp.Stacks {
			add(Edge{From: ids[imp.Path], To: ids[s.Child], Kind: EdgeNests, Label: s.Resource})
		}
	}
	g.sortEdges()
	return g
}

// service returns the service of a resource type and the category that
// colours it.
func service(typ string) (group, category string) {
	parts := strings.Split(typ, "::")
	switch {
	case len(parts) >= 2 && parts[0] == "AWS":
		group = parts[1]
	case strings.HasPrefix(typ, "Custom::"):
		return "Custom", "custom"
	case len(parts) >= 2:
		group = parts[0] + "::" + parts[1]
	default:
		return "Other", "other"
	}
	if c, ok := categories[typ]; ok {
		return group, c
	}
	if c, ok := categories[group]; ok {
		return group, c
	}
	return group, "other"
}

// categories are the kinds resources are coloured by: by type where a
// service mixes kinds (EC2), else by service.
var categories = map[string]string{
	"AWS::EC2::Instance": "compute", "AWS::EC2::LaunchTemplate": "compute", "AWS::EC2::SpotFleet": "compute",
	"AWS::EC2::SecurityGroup": "security", "AWS::EC2::SecurityGroupIngress": "security", "AWS::EC2::SecurityGroupEgress": "security",
	"AWS::EC2::Volume": "storage",

	"EC2": "network", "ElasticLoadBalancing": "network", "ElasticLoadBalancingV2": "network", "Route53": "network",
	"CloudFront": "network", "ApiGateway": "network", "ApiGatewayV2": "network", "AppSync": "network", "GlobalAccelerator": "network",

	"Lambda": "compute", "ECS": "compute", "EKS": "compute", "Batch": "compute", "AutoScaling": "compute",
	"StepFunctions": "compute", "Serverless": "compute", "ElasticBeanstalk": "compute", "AppRunner": "compute",

	"S3": "storage", "EFS": "storage", "FSx": "storage", "Backup": "storage", "ECR": "storage",

	"DynamoDB": "database", "RDS": "database", "ElastiCache": "database", "Neptune": "database",
	"DocDB": "database", "Redshift": "database", "OpenSearchService": "database", "Elasticsearch": "database",

	"IAM": "security", "KMS": "security", "SecretsManager": "security", "WAFv2": "security", "Cognito": "security",
	"CertificateManager": "security", "SSM": "security",

	"SQS": "messaging", "SNS": "messaging", "Events": "messaging", "Kinesis": "messaging", "KinesisFirehose": "messaging",
	"MSK": "messaging", "Pipes": "messaging", "Scheduler": "messaging",

	"CloudWatch": "monitoring", "Logs": "monitoring", "CloudTrail": "monitoring", "Config": "monitoring", "XRay": "monitoring",

	"CloudFormation": "stack",
}

// colors fill the nodes of each category (and the parameter and output kinds).
var colors = map[string]string{
	"network": "#dae8fc", "compute": "#ffe6cc", "storage": "#d5e8d4", "database": "#e1d5e7",
	"security": "#f8cecc", "messaging": "#fff2cc", "monitoring": "#e6f0f5", "stack": "#f5f5f5",
	"custom": "#eeeeee", "other": "#ffffff",
	KindParameter: "#f0f0f0", KindOutput: "#fdf6e3",
}

func fill(n Node) string {
	if n.Kind == KindResource {
		return colors[n.Category]
	}
	return colors[n.Kind]
}
