package template

import "github.com/cfn-lsp/cfn-lsp/internal/lang"

// How a template's text becomes Intrinsic nodes, written once for both parsers
// (the converter over yaml.v3's nodes in parse.go, the builder in fast_build.go):
//   - a short-form tag (!Sub) makes its node the call, whose argument is the
//     tagged value without the tag, starting where the value starts;
//   - a single-key mapping whose key names a function ({"Fn::Sub": ...}) is that
//     call, and so is {"Condition": name} among the arguments of a function
//     that takes conditions.

// shortForm makes n the call that tag names, when it names a function. off is
// where the tag starts and hasValue whether a value follows it (the argument
// may then start on a later line); arg builds the argument at its offset, in
// the condition context the function gives its arguments.
func (c *converter) shortForm(n *Node, tag string, off int, hasValue, inCond bool, posOf func(int) Pos, arg func(off int, inCond bool) *Node) bool {
	fn, ok := lang.LongName(tag)
	if !ok {
		return false
	}
	n.Kind, n.Fn, n.Short = Intrinsic, fn, true
	n.Arg = arg(c.skipSpace(off+len(tag), hasValue), inCond || lang.TakesConditions(fn))
	n.Range = Range{Start: posOf(off), End: n.Arg.Range.End}
	if n.Arg.Kind == Null {
		n.Arg.Range = Range{Start: n.Range.End, End: n.Range.End}
		n.Range.End = posOf(off + len(tag))
	}
	return true
}

// valueInCondition reports whether the value under key stands among conditions:
// inside them already, or as the argument of a function that takes them.
func valueInCondition(inCond bool, key string) bool {
	return inCond || lang.TakesConditions(key)
}

// foldCall makes a single-key mapping naming a function that function's call.
func foldCall(n *Node, inCond bool) {
	if len(n.Pairs) != 1 {
		return
	}
	k := n.Pairs[0].Key.Value
	if lang.IsIntrinsicName(k) || (inCond && k == "Condition") {
		arg := n.Pairs[0].Value
		n.Kind, n.Fn, n.Arg, n.Pairs = Intrinsic, k, arg, nil
		arg.Parent = n
	}
}
