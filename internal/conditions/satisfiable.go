package conditions

// Satisfiable reports whether some parameter assignment makes all the facts
// hold together; when that cannot be decided (see Implies) known is false and
// sat true, the answer that keeps a check from relying on it.
// Facts that name one condition with both values are never satisfiable, even
// when the condition is not understood.
func (s *Set) Satisfiable(facts []Fact) (sat, known bool) {
	value := map[string]bool{}
	for _, f := range facts {
		if v, ok := value[f.Name]; ok && v != f.Value {
			return false, true
		}
		value[f.Name] = f.Value
	}
	if len(facts) == 0 {
		return true, true
	}
	// A goal that contradicts itself never holds, so the implication holds
	// exactly when no assignment satisfies the facts.
	f := facts[0]
	never, known := s.Implies(facts, []Fact{{Name: f.Name, Value: true}, {Name: f.Name, Value: false}})
	return !never, known
}
