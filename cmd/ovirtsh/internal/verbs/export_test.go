package verbs

// FlagsAt returns the model options of verb at one position of a noun, given as its pattern
// ("vms/{vm}/nics"): Flags describes one position, and a sub-collection's methods can differ
// from the top-level one's. It reports whether the position has the verb's method.
func FlagsAt(verb, pattern string) ([]Flag, bool) {
	for _, n := range theGrammar().nouns {
		for _, p := range n.places {
			if p.pattern() != pattern {
				continue
			}
			ins, err := verbInputs(verb, p, "")
			if err != nil {
				return nil, false
			}
			var out []Flag
			for _, i := range ins {
				out = append(out, i.Flag)
			}
			return out, true
		}
	}
	return nil, false
}
