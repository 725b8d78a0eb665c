package hover

import (
	"fmt"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// plainScalar says how CloudFormation reads a plain YAML scalar whose value is
// not its text: YAML 1.1 makes `yes` a boolean and `017` the number 15, which
// an author used to YAML 1.2 or JSON does not expect.
func (h *hoverer) plainScalar(n *template.Node) *Result {
	if h.t.Format != template.YAML || n.Quoted || n.Type == template.Str {
		return nil
	}
	d := n.Text()
	if strings.EqualFold(d, n.Value) {
		return nil
	}
	what := map[template.ScalarType]string{template.Bool: "the boolean", template.Int: "the integer", template.Float: "the number"}[n.Type]
	return &Result{
		Markdown: fmt.Sprintf("CloudFormation reads `%s` as %s `%s` (YAML 1.1). Quote it to keep the text.", n.Value, what, d),
		Range:    n.Range,
	}
}
