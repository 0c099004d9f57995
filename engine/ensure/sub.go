package ensure

// items reads a list of names or tables with a name: {'a', {name='b', ...}}.
func items(v any, member string) ([]map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, specErrorf("%s: expected a list of names or tables with a name, got %s", member, typeName(v))
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		switch x := it.(type) {
		case string:
			out[i] = map[string]any{"name": x}
		case map[string]any:
			if n, _ := x["name"].(string); n == "" {
				return nil, specErrorf("%s[%d]: the table has no name", member, i+1)
			}
			out[i] = x
		default:
			return nil, specErrorf("%s[%d]: expected a name or a table with a name, got %s", member, i+1, typeName(it))
		}
	}
	return out, nil
}

// record adds the changes of a sub-object (paths prefixed) and the action to the result.
func (r *Result) record(prefix string, diff map[string]Change, action string) {
	if r.Diff == nil {
		r.Diff = map[string]Change{}
	}
	for p, c := range diff {
		r.Diff[prefix+p] = c
	}
	r.Actions = append(r.Actions, action)
	r.Changed = true
	if r.Op == "none" || r.Op == "" {
		r.Op = "change"
	}
}
