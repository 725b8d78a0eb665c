package schema

import "testing"

// BenchmarkDefaultFirstLookup measures a fresh embedded spec's first lookup:
// reading the index and decoding one resource type.
func BenchmarkDefaultFirstLookup(b *testing.B) {
	for b.Loop() {
		s := &Spec{source: "embedded", facts: &facts{data: embeddedData}}
		if s.ResourceType("AWS::S3::Bucket") == nil {
			b.Fatal("no bucket")
		}
	}
}

// BenchmarkDecodeAll measures decoding every embedded type (worst case: a tool
// that walks the whole spec).
func BenchmarkDecodeAll(b *testing.B) {
	for b.Loop() {
		s := &Spec{source: "embedded", facts: &facts{data: embeddedData}}
		for _, n := range s.TypeNames() {
			if s.ResourceType(n) == nil {
				b.Fatal(n)
			}
		}
	}
}

// BenchmarkLookup measures a lookup of an already decoded type.
func BenchmarkLookup(b *testing.B) {
	s := Default()
	s.ResourceType("AWS::S3::Bucket")
	for b.Loop() {
		if s.ResourceType("AWS::S3::Bucket") == nil {
			b.Fatal("no bucket")
		}
	}
}

// BenchmarkDefault measures Default() itself, which decodes nothing.
func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		_ = Default()
	}
}

// BenchmarkDefaultFirstRuntimeLookup measures a fresh embedded spec's first
// Lambda runtime lookup: reading the index and decoding the runtime table.
func BenchmarkDefaultFirstRuntimeLookup(b *testing.B) {
	for b.Loop() {
		s := &Spec{source: "embedded", facts: &facts{data: embeddedData}}
		if s.LambdaRuntime("python2.7") == nil {
			b.Fatal("no python2.7")
		}
	}
}
