package refcheck

// checkUniqueNames reports a resource named like a parameter (E3007):
// CloudFormation requires logical ids to be unique across both sections (a Ref
// could not tell them apart).
func (c *checker) checkUniqueNames() {
	for _, e := range c.t.Resources {
		if c.t.Parameter(e.Name) != nil {
			c.errorf(e.Key.Range, "E3007", e.Name, "Resource %q has the name of a parameter: logical ids must be unique across Parameters and Resources", e.Name)
		}
	}
}
