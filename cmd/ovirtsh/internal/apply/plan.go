package apply

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// printPlan writes the plan in run order, one line per change: "+ vm web1", "~ vm web2 memory
// 2 GiB → 4 GiB", "- vm old1", then a count; it returns the number of resources to change.
func printPlan(w io.Writer, g *graph, plan []*Result) int {
	var add, change, remove, later, same int
	for _, i := range g.order {
		p, lbl := plan[i], g.nodes[i].label
		switch {
		case p.Op == opPending:
			later++
			deps, verb := g.pendingDeps(i, plan), "is"
			if len(deps) > 1 {
				verb = "are"
			}
			fmt.Fprintf(w, "? %s (known once %s %s done)\n", lbl, strings.Join(deps, ", "), verb)
		case unchanged(p):
			same++
		case p.Op == "add":
			add++
			fmt.Fprintln(w, strings.TrimSpace("+ "+lbl+" "+addSummary(g.nodes[i])))
		case p.Op == "remove":
			remove++
			fmt.Fprintf(w, "- %s\n", lbl)
		default:
			change++
			lines := diffLines(p)
			if len(lines) == 0 {
				lines = []string{strings.Join(p.Actions, ", ")}
			}
			for _, l := range lines {
				fmt.Fprintln(w, strings.TrimSpace("~ "+lbl+" "+l))
			}
		}
	}
	t := fmt.Sprintf("Plan: %d to add, %d to change, %d to remove, %d unchanged", add, change, remove, same)
	if later > 0 {
		t += fmt.Sprintf(", %d known once their references are done", later)
	}
	fmt.Fprintln(w, t)
	return add + change + remove + later
}

// diffLines are "memory 2 GiB → 4 GiB" for each member of the diff, sorted by path.
func diffLines(r *Result) []string {
	var l []string
	for _, path := range slices.Sorted(maps.Keys(r.Diff)) {
		c := r.Diff[path]
		s := fmt.Sprintf("%s %s → %s", path, formatValue(path, c.From), formatValue(path, c.To))
		if secret(path) {
			s = path + " (secret, not shown)"
		}
		if c.NextRun {
			s += " (next run)"
		}
		l = append(l, s)
	}
	return l
}

// maxSummary is how many members the plan line of an add shows before "and N more".
const maxSummary = 6

// addSummary lists the declared members of a resource to add, briefly, in parentheses:
// "(cluster Default, memory 2GiB, template Blank, 1 disk, 2 nics)": values as declared, nested
// members by dotted path, lists holding tables counted (always shown). What the label already says (the name, the
// VM of a NIC, what a permission's name is made of) is left out, and secrets always are.
func addSummary(n *node) string {
	var parts, counts []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			path, v := prefix+k, m[k]
			if (prefix == "" && labelled(n, k, v)) || secret(path) {
				continue
			}
			switch v := v.(type) {
			case map[string]any:
				walk(path+".", v)
			case []any:
				if slices.ContainsFunc(v, func(e any) bool { _, t := e.(map[string]any); return t }) {
					noun := k
					if len(v) == 1 {
						noun = strings.TrimSuffix(k, "s")
					}
					counts = append(counts, fmt.Sprintf("%d %s", len(v), noun))
					continue
				}
				parts = append(parts, path+" "+formatValue(path, v))
			case string:
				if n, err := types.ParseSize(v); err == nil && isSize(path) {
					parts = append(parts, path+" "+types.FormatSize(n)) // as the diffs show sizes
					continue
				}
				parts = append(parts, path+" "+formatValue(path, v))
			default:
				parts = append(parts, path+" "+formatValue(path, v))
			}
		}
	}
	walk("", n.res.Spec)
	if len(parts) > maxSummary {
		parts = append(parts[:maxSummary], fmt.Sprintf("and %d more", len(parts)-maxSummary))
	}
	parts = append(parts, counts...) // the disks and NICs of a VM are worth their place
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// labelled reports whether a top-level member of a declaration is already said by its label,
// or is no member of the object (state present, force).
func labelled(n *node, k string, v any) bool {
	switch k {
	case "name", "id", "force":
		return true
	case "state":
		return v == "present"
	case parents[n.res.Kind]:
		return true
	}
	s, isStr := v.(string)
	if k == "description" && s == n.name { // a snapshot
		return true
	}
	return isStr && n.name != n.res.Spec.Name() && strings.Contains(n.name, s) // a permission, a snapshot
}

// formatValue writes a value of a diff for people: sizes in units, strings bare unless they
// need quotes, lists in brackets.
func formatValue(path string, v any) string {
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		if v == "" || strings.ContainsAny(v, " \t\n\"',[]{}=") || !strconv.IsPrint(firstRune(v)) {
			return strconv.Quote(v)
		}
		return v
	case int64:
		if isSize(path) {
			return types.FormatSize(v)
		}
		return strconv.FormatInt(v, 10)
	case int:
		return formatValue(path, int64(v))
	case float64:
		if v == float64(int64(v)) && isSize(path) {
			return types.FormatSize(int64(v))
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = formatValue(path, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		return "[" + strings.Join(v, ", ") + "]"
	case map[string]any:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			parts = append(parts, k+"="+formatValue(path+"."+k, v[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return ' '
}

// sizeMembers are the members of the model counted in bytes that declarations hold.
var sizeMembers = map[string]bool{
	"memory": true, "provisioned_size": true, "actual_size": true, "total_size": true, "initial_size": true,
	"guaranteed": true, "max": true, "size": true,
}

// isSize reports whether the member at a dotted path is a size in bytes: memory,
// memory_policy.guaranteed, disks.provisioned_size...
func isSize(path string) bool {
	segs := strings.Split(path, ".")
	last := segs[len(segs)-1]
	if last == "guaranteed" || last == "max" {
		return len(segs) > 1 && segs[len(segs)-2] == "memory_policy"
	}
	return sizeMembers[last]
}

// secret reports whether a member holds a secret that a plan must not print (root_password of a
// VM's cloud-init, a host's ssh key...), should a kind ever put one in its diff.
func secret(path string) bool {
	last := strings.ToLower(path[strings.LastIndex(path, ".")+1:])
	for _, w := range []string{"password", "secret", "token", "private_key", "passphrase"} {
		if strings.Contains(last, w) {
			return true
		}
	}
	return false
}
