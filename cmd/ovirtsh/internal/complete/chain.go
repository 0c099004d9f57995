package complete

// opKind is one step of an expression chain.
type opKind uint8

const (
	opField  opKind = iota + 1 // .name
	opMethod                   // :name(...)
	opCall                     // (...) or {...}
	opIndex                    // [...]
)

type op struct {
	kind opKind
	name string // the field or method; for opIndex, the key when it is a literal
	lit  token  // for opIndex and calls, the single token between the brackets, if there is only one
}

// chain is an expression like system:vms_service():vm_service('x').nics: a global name followed
// by steps.
type chain struct {
	root string
	ops  []op
}

// parseChain reads, backwards, the expression that ends with toks[len(toks)-1].
func parseChain(toks []token) (chain, bool) {
	var rev []op
	i := len(toks) - 1
	for i >= 0 {
		t := toks[i]
		switch {
		case t.kind == tOp && (t.text == ")" || t.text == "}" || t.text == "]"):
			open := matching(toks, i)
			if open < 1 {
				return chain{}, false
			}
			if t.text == "]" {
				o := op{kind: opIndex}
				if open == i-2 {
					o.lit = toks[i-1]
				}
				rev = append(rev, o)
			} else {
				o := op{kind: opCall}
				if open == i-2 && t.text == ")" {
					o.lit = toks[i-1]
				}
				rev = append(rev, o)
			}
			i = open - 1
		case t.kind == tString && i > 0 && toks[i-1].kind == tName: // f'str'
			rev = append(rev, op{kind: opCall, lit: t})
			i--
		case t.kind == tName && !keywords[t.text]:
			if i > 0 && toks[i-1].kind == tOp && toks[i-1].text == "." {
				rev = append(rev, op{kind: opField, name: t.text})
				i -= 2
				continue
			}
			if i > 0 && toks[i-1].kind == tOp && toks[i-1].text == ":" {
				if len(rev) == 0 || rev[len(rev)-1].kind != opCall {
					return chain{}, false
				}
				rev[len(rev)-1] = op{kind: opMethod, name: t.text, lit: rev[len(rev)-1].lit}
				i -= 2
				continue
			}
			c := chain{root: t.text, ops: make([]op, len(rev))}
			for j := range rev {
				c.ops[j] = rev[len(rev)-1-j]
			}
			return c, true
		default:
			return chain{}, false
		}
	}
	return chain{}, false
}

var pairs = map[string]string{")": "(", "}": "{", "]": "["}

// matching returns the index of the bracket opening the one that closes at toks[i], or -1.
func matching(toks []token, i int) int {
	closeText, openText := toks[i].text, pairs[toks[i].text]
	depth := 0
	for j := i; j >= 0; j-- {
		if toks[j].kind != tOp {
			continue
		}
		switch toks[j].text {
		case closeText:
			depth++
		case openText:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// openBrackets returns the indexes of the brackets still open at the end of toks, outermost
// first.
func openBrackets(toks []token) []int {
	var stack []int
	for i, t := range toks {
		if t.kind != tOp {
			continue
		}
		switch t.text {
		case "(", "{", "[":
			stack = append(stack, i)
		case ")", "}", "]":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return stack
}
