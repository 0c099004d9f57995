package search

import (
	"strconv"
	"strings"
	"time"
)

// compileCond turns one condition into a predicate, checking the value against the field kind.
func compileCond(q *Query, c *Cond, schema Schema, opts Options) (func(Record) bool, error) {
	if c.Attr == FreeText {
		return compileFreeText(c, schema, opts), nil
	}
	f, ok := schema[c.Attr]
	if !ok {
		return nil, &Error{Query: q.Text, Pos: c.Pos, Msg: "unknown attribute " + strconv.Quote(c.Attr) + knownNames(schema)}
	}
	fail := func(msg string) error { return &Error{Query: q.Text, Pos: c.Pos, Msg: msg} }
	wild := strings.Contains(c.Value, "*")
	ordered := c.Op != OpEq && c.Op != OpNe
	if wild && (ordered || (f.Kind != String && f.Kind != Enum)) {
		return nil, fail("wildcards are only supported with = and != on text attributes")
	}
	var test func(v string) bool
	switch f.Kind {
	case String, Enum:
		fold := !opts.CaseSensitive || f.Kind == Enum
		if f.Kind == Enum && !wild && !hasValue(f.Values, c.Value) {
			return nil, fail(strconv.Quote(c.Value) + " is not a valid value of " + c.Attr +
				" (one of: " + strings.Join(f.Values, ", ") + ")")
		}
		if wild {
			pat := compileGlob(c.Value, fold)
			eq := c.Op == OpEq
			test = func(v string) bool { return pat.match(v) == eq }
		} else {
			test = textTest(f, c.Op, c.Value, fold)
		}
	case Int, Decimal:
		want, err := strconv.ParseFloat(c.Value, 64)
		if err != nil {
			return nil, fail(strconv.Quote(c.Value) + " is not a number (" + c.Attr + " is numeric)")
		}
		test = func(v string) bool {
			got, err := strconv.ParseFloat(v, 64)
			return err == nil && opHolds(c.Op, compareFloat(got, want))
		}
	case Bool:
		want, err := strconv.ParseBool(strings.ToLower(c.Value))
		if err != nil || ordered {
			return nil, fail(c.Attr + " is true or false, compared with = or !=")
		}
		test = func(v string) bool {
			got, err := strconv.ParseBool(v)
			return err == nil && opHolds(c.Op, b2i(got, want))
		}
	case Date:
		want, dayOnly, err := parseDate(c.Value)
		if err != nil {
			return nil, fail(strconv.Quote(c.Value) + " is not a date (2006-01-02 or RFC 3339)")
		}
		test = func(v string) bool {
			got, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return false
			}
			if dayOnly {
				got = time.Date(got.Year(), got.Month(), got.Day(), 0, 0, 0, 0, time.UTC)
			}
			return opHolds(c.Op, got.Compare(want))
		}
	}
	attr, neg := c.Attr, c.Op == OpNe
	return func(r Record) bool {
		vals := r.Values(attr)
		if len(vals) == 0 {
			return false // like SQL NULL: no comparison holds
		}
		if neg { // != holds when no value equals
			for _, v := range vals {
				if !test(v) {
					return false
				}
			}
			return true
		}
		for _, v := range vals {
			if test(v) {
				return true
			}
		}
		return false
	}, nil
}

func textTest(f Field, op Op, want string, fold bool) func(string) bool {
	if fold {
		want = strings.ToLower(want)
	}
	return func(v string) bool {
		if fold {
			v = strings.ToLower(v)
		}
		if f.Kind == Enum && op != OpEq && op != OpNe {
			return opHolds(op, compareValues(f, &v, &want))
		}
		return opHolds(op, strings.Compare(v, want))
	}
}

// opHolds interprets a comparison result c (<0, 0, >0) for op; for != the caller passes
// the equality test and negates across values, so here != means "differs".
func opHolds(op Op, c int) bool {
	switch op {
	case OpEq:
		return c == 0
	case OpNe:
		return c != 0
	case OpLt:
		return c < 0
	case OpGt:
		return c > 0
	case OpLe:
		return c <= 0
	case OpGe:
		return c >= 0
	}
	return false
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(a, b bool) int {
	if a == b {
		return 0
	}
	return 1
}

func hasValue(values []string, v string) bool {
	for _, x := range values {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func parseDate(s string) (time.Time, bool, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, false, err
}

// glob is a pattern with * wildcards, matched in order.
type glob struct {
	parts []string // literal pieces between *s
	fold  bool
}

func compileGlob(p string, fold bool) glob {
	if fold {
		p = strings.ToLower(p)
	}
	return glob{parts: strings.Split(p, "*"), fold: fold}
}

func (g glob) match(s string) bool {
	if g.fold {
		s = strings.ToLower(s)
	}
	first, last := g.parts[0], g.parts[len(g.parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, mid := range g.parts[1 : len(g.parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

// compileFreeText matches records with a text attribute (of their own, not of related
// entities) that contains the condition's value, as the engine's free-text search does.
func compileFreeText(c *Cond, schema Schema, opts Options) func(Record) bool {
	var attrs []string
	for name, f := range schema {
		if f.Kind == String && !strings.Contains(name, ".") {
			attrs = append(attrs, name)
		}
	}
	pat := compileGlob("*"+strings.Trim(c.Value, "*")+"*", !opts.CaseSensitive)
	return func(r Record) bool {
		for _, a := range attrs {
			for _, v := range r.Values(a) {
				if pat.match(v) {
					return true
				}
			}
		}
		return false
	}
}
