package schemacheck

import "sync"

// memo keeps one value per key, built by build on the key's first use and
// shared after: the schemas and indexes made once per spec or resource type.
// Two first uses at once may both build; the first stored wins.
type memo[K comparable, V any] struct{ m sync.Map }

func (c *memo[K, V]) get(k K, build func(K) V) V {
	if v, ok := c.m.Load(k); ok {
		return v.(V)
	}
	v, _ := c.m.LoadOrStore(k, build(k))
	return v.(V)
}
