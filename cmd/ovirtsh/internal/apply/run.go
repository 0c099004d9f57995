package apply

import (
	"context"
	"fmt"
)

// outcome is what became of one node in a run.
type outcome struct {
	res     *Result
	err     error
	skipped string // why it did not run: "depends on vm web5, which failed"
}

// runGraph calls do for every node, at most workers at a time, each once all its dependencies
// are done; when one fails, the nodes that depend on it (directly or not) are skipped and the
// others still run. report sees each outcome as it comes, on the calling goroutine.
func (g *graph) run(ctx context.Context, workers int, do func(context.Context, int) (*Result, error), report func(int, outcome)) []outcome {
	workers = max(workers, 1)
	out := make([]outcome, len(g.nodes))
	resolved := make([]bool, len(g.nodes))
	waiting := make([]int, len(g.nodes))
	byRank := func(a, b int) bool { return g.rank[a] < g.rank[b] }
	var ready []int
	for _, i := range g.order {
		if waiting[i] = len(g.nodes[i].deps); waiting[i] == 0 {
			ready = append(ready, i)
		}
	}
	type done struct {
		i   int
		res *Result
		err error
	}
	ch := make(chan done)
	left, inflight := len(g.nodes), 0
	settle := func(i int, o outcome) {
		out[i], resolved[i] = o, true
		left--
		report(i, o)
	}
	for left > 0 {
		for inflight < workers && len(ready) > 0 {
			i := ready[0]
			ready = ready[1:]
			if resolved[i] {
				continue
			}
			if ctx.Err() != nil { // interrupted: what has not started does not
				for _, j := range append([]int{i}, g.dependents(i)...) {
					if !resolved[j] {
						settle(j, outcome{skipped: "not started: interrupted"})
					}
				}
				continue
			}
			inflight++
			go func() {
				res, err := do(ctx, i)
				ch <- done{i, res, err}
			}()
		}
		if left == 0 {
			break
		}
		d := <-ch
		inflight--
		settle(d.i, outcome{res: d.res, err: d.err})
		if d.err == nil {
			for _, u := range g.nodes[d.i].users {
				if waiting[u]--; waiting[u] == 0 && !resolved[u] {
					ready = insertSorted(ready, u, byRank)
				}
			}
			continue
		}
		why := fmt.Sprintf("depends on %s, which failed", g.nodes[d.i].label)
		for _, u := range g.dependents(d.i) {
			if !resolved[u] {
				settle(u, outcome{skipped: why})
			}
		}
	}
	return out
}

// dependents lists every node that waits for i, directly or through others, in run order.
func (g *graph) dependents(i int) []int {
	seen := map[int]bool{}
	stack := []int{i}
	var list []int
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, u := range g.nodes[n].users {
			if !seen[u] {
				seen[u] = true
				list = insertSorted(list, u, func(a, b int) bool { return g.rank[a] < g.rank[b] })
				stack = append(stack, u)
			}
		}
	}
	return list
}
