package suggest

import (
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/schema"
)

// BenchmarkClosestType is the "did you mean" of a misspelled resource type
// among every type of the spec (as schemacheck asks on each edit of a Type),
// beside the reference: the whole distance table to every candidate.
func BenchmarkClosestType(b *testing.B) {
	names := schema.Default().TypeNames()
	typos := []string{"AWS::S3::Bucke", "AWS::QS::Queue"}
	b.Run("closest", func(b *testing.B) {
		for b.Loop() {
			for _, typo := range typos {
				Closest(typo, names)
			}
		}
	})
	b.Run("reference=full-table", func(b *testing.B) {
		for b.Loop() {
			for _, typo := range typos {
				for _, n := range names {
					Distance(strings.ToLower(typo), strings.ToLower(n))
				}
			}
		}
	})
}
