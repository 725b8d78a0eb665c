package template

// Equal reports whether two values are the same as decoded JSON: positions,
// quoting and short or long function forms aside. Scalars compare by type and
// text (the string "true" is not the boolean true), mappings key by key in
// order.
func Equal(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Scalar:
		return a.Type == b.Type && a.Value == b.Value
	case Mapping:
		if len(a.Pairs) != len(b.Pairs) {
			return false
		}
		for i, p := range a.Pairs {
			if p.Key.Value != b.Pairs[i].Key.Value || !Equal(p.Value, b.Pairs[i].Value) {
				return false
			}
		}
		return true
	case Sequence:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i, it := range a.Items {
			if !Equal(it, b.Items[i]) {
				return false
			}
		}
		return true
	case Intrinsic:
		return a.Fn == b.Fn && Equal(a.Arg, b.Arg)
	}
	return true // both null
}
