package refcheck

import (
	"regexp"
	"slices"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

var (
	// arnInSub finds an ARN's partition, region and account fields, each
	// either a ${Pseudo::Parameter} or plain text.
	arnInSub = regexp.MustCompile(`arn:(\$\{[^:\r\n]*::[^:\r\n]*}|[^:\s]*):[^:\s]+:(\$\{[^:\r\n]*::[^:\r\n]*}|[^:\s]*):(\$\{[^:\r\n]*::[^:\r\n]*}|[^:\s]*)`)
	// portablePartition is a partition field that works in every partition: a
	// variable, ${AWS::Partition}, a wildcard or nothing.
	portablePartition = regexp.MustCompile(`^(\$\{\w+}|\$\{AWS::Partition}|\*|$)`)
)

// checkHardcodedPartitions notes an ARN built with Fn::Sub whose partition is
// written out ("arn:aws:...") where ${AWS::Partition} would make the template
// work in China and GovCloud too (I3042). Strings outside Fn::Sub are left
// alone, as are SAM templates.
func (c *checker) checkHardcodedPartitions() {
	if c.sam || !c.mentionsArn() {
		return
	}
	for _, sec := range []string{"Resources", "Globals"} {
		root := c.t.Root.Get(sec)
		if root == nil || root.Kind != template.Mapping {
			continue
		}
		for _, e := range root.Pairs {
			res := ""
			if sec == "Resources" {
				res = e.Key.Value
			}
			template.Walk(e.Value, func(n *template.Node) bool {
				if !n.IsIntrinsic("Fn::Sub") {
					return true
				}
				str := n.Arg
				if str != nil && str.Kind == template.Sequence && len(str.Items) > 0 {
					str = str.Items[0]
				}
				s, ok := str.Str()
				if !ok {
					return true
				}
				if slices.ContainsFunc(arnInSub.FindAllStringSubmatch(s, -1), func(m []string) bool { return !portablePartition.MatchString(m[1]) }) {
					c.report(str.Range, diag.Info, "I3042", res, "This ARN hardcodes its partition: write arn:${AWS::Partition}:... so that the template works in every partition", nil)
				}
				return true
			})
		}
	}
}

func (c *checker) mentionsArn() bool { return strings.Contains(c.t.Text, "arn:") }
