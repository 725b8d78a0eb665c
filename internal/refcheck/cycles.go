package refcheck

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/refs"
	"github.com/cfn-lsp/cfn-lsp/internal/sam"
)

// checkCycles reports resources that depend on themselves through Ref, GetAtt,
// Sub and DependsOn, naming the cycle.
func (c *checker) checkCycles() {
	eachCycle(c.dependencies(), func(n string, path []string) {
		if e := c.t.Resource(n); e != nil {
			c.errorf(e.Key.Range, codeCycle, n, "Circular dependency: %s", strings.Join(path, " -> "))
		}
	})
}

// checkConditionCycles reports conditions built from themselves through other
// conditions (CloudFormation refuses the template), naming the cycle.
func (c *checker) checkConditionCycles() {
	deps := map[string]map[string]bool{}
	for _, r := range c.refs {
		if r.Kind == refs.KindCondition && r.Section == "Conditions" && r.Entry != "" && c.t.Condition(r.Name) != nil {
			addEdge(deps, r.Entry, r.Name)
		}
	}
	eachCycle(deps, func(n string, path []string) {
		if e := c.t.Condition(n); e != nil {
			c.errorf(e.Key.Range, codeCycle, "", "Circular dependency between conditions: %s", strings.Join(path, " -> "))
		}
	})
}

// eachCycle calls report, in a stable order, for every node of g that lies on
// a cycle, with a shortest cycle from it back to it.
func eachCycle(g map[string]map[string]bool, report func(n string, path []string)) {
	for _, scc := range components(g) {
		if len(scc) == 1 && !g[scc[0]][scc[0]] {
			continue
		}
		in := make(map[string]bool, len(scc))
		for _, n := range scc {
			in[n] = true
		}
		for _, n := range scc {
			report(n, cyclePath(g, in, n))
		}
	}
}

func addEdge(g map[string]map[string]bool, from, to string) {
	if g[from] == nil {
		g[from] = map[string]bool{}
	}
	g[from][to] = true
}

// dependencies maps each resource to the resources it refers to.
func (c *checker) dependencies() map[string]map[string]bool {
	deps := map[string]map[string]bool{}
	for _, r := range c.refs {
		if r.Section != "Resources" || r.Entry == "" {
			continue
		}
		switch r.Kind {
		case refs.KindRef, refs.KindSub:
			if c.t.Parameter(r.Name) != nil && r.Attr == "" {
				continue
			}
		case refs.KindGetAtt, refs.KindDependsOn:
		default:
			continue
		}
		from := c.t.Resource(r.Entry)
		if c.t.Resource(r.Name) != nil && from != nil && !sam.Apart(from, r.Node) {
			addEdge(deps, r.Entry, r.Name)
		}
	}
	for api, fns := range sam.Integrations(c.t) {
		for _, fn := range fns {
			addEdge(deps, api, fn)
		}
	}
	return deps
}

// components returns the strongly connected components of g (Tarjan), each sorted,
// in a stable order.
func components(g map[string]map[string]bool) [][]string {
	var nodes []string
	for n := range g {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var strong func(v string)
	strong = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range slices.Sorted(maps.Keys(g[v])) {
			if _, seen := index[w]; !seen {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			sort.Strings(comp)
			out = append(out, comp)
		}
	}
	for _, n := range nodes {
		if _, seen := index[n]; !seen {
			strong(n)
		}
	}
	return out
}

// cyclePath returns a shortest cycle from start back to start within the component.
func cyclePath(g map[string]map[string]bool, in map[string]bool, start string) []string {
	prev := map[string]string{}
	queue := []string{start}
	seen := map[string]bool{}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range slices.Sorted(maps.Keys(g[v])) {
			if !in[w] {
				continue
			}
			if w == start {
				path := []string{start}
				for u := v; u != start; u = prev[u] {
					path = append(path, u)
				}
				// path is start, then the chain back; reverse the tail.
				tail := path[1:]
				for i, j := 0, len(tail)-1; i < j; i, j = i+1, j-1 {
					tail[i], tail[j] = tail[j], tail[i]
				}
				return append(path, start)
			}
			if !seen[w] {
				seen[w] = true
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return []string{start, start}
}
