package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the value kind of a searchable attribute.
type Kind int

// Attribute kinds.
const (
	String Kind = iota
	Enum        // compared case-insensitively; ordered by Field.Values
	Int
	Decimal
	Bool
	Date
)

// Field describes one searchable attribute of a collection.
type Field struct {
	Kind   Kind
	Values []string // the enum's values in model order (Enum only)
}

// Schema lists the searchable attributes of a collection by lower-case (possibly dotted) name.
type Schema map[string]Field

// Record gives a matcher the values of an entity's attributes. Values are canonical text:
// integers in decimal, dates in RFC 3339, booleans "true"/"false", enum values lower case. An
// unset attribute has no values; a multi-valued one (tags) has several.
type Record interface {
	Values(attr string) []string
}

// Options control evaluation.
type Options struct {
	// CaseSensitive compares strings exactly; by default (false) case is ignored, as the
	// engine does unless case_sensitive=true is sent.
	CaseSensitive bool
}

// Matcher is a query compiled against a schema.
type Matcher struct {
	query *Query
	where func(Record) bool
	sort  *Field
}

// Compile checks q against schema and prepares it for evaluation.
func Compile(q *Query, schema Schema, opts Options) (*Matcher, error) {
	m := &Matcher{query: q}
	if q.Where != nil {
		f, err := compileExpr(q, q.Where, schema, opts)
		if err != nil {
			return nil, err
		}
		m.where = f
	}
	if q.SortBy != "" {
		f, ok := schema[q.SortBy]
		if !ok {
			return nil, &Error{Query: q.Text, Pos: strings.Index(strings.ToLower(q.Text), q.SortBy),
				Msg: "cannot sort by unknown attribute " + strconv.Quote(q.SortBy) + knownNames(schema)}
		}
		m.sort = &f
	}
	return m, nil
}

// Match reports whether r satisfies the query's conditions.
func (m *Matcher) Match(r Record) bool { return m.where == nil || m.where(r) }

// Sorted reports whether the query has a sortby clause.
func (m *Matcher) Sorted() bool { return m.sort != nil }

// Page is the requested page (1-based), or 0.
func (m *Matcher) Page() int { return m.query.Page }

// Compare orders two records by the sortby attribute (direction included); unset values sort
// first in ascending order.
func (m *Matcher) Compare(a, b Record) int {
	if m.sort == nil {
		return 0
	}
	av, bv := first(a.Values(m.query.SortBy)), first(b.Values(m.query.SortBy))
	c := compareValues(*m.sort, av, bv)
	if m.query.Desc {
		return -c
	}
	return c
}

func first(v []string) *string {
	if len(v) == 0 {
		return nil
	}
	return &v[0]
}

func compareValues(f Field, a, b *string) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch f.Kind {
	case Int, Decimal:
		x, _ := strconv.ParseFloat(*a, 64)
		y, _ := strconv.ParseFloat(*b, 64)
		return cmp.Compare(x, y)
	case Date:
		x, _ := time.Parse(time.RFC3339Nano, *a)
		y, _ := time.Parse(time.RFC3339Nano, *b)
		return x.Compare(y)
	case Enum:
		return cmp.Compare(slices.Index(f.Values, strings.ToLower(*a)), slices.Index(f.Values, strings.ToLower(*b)))
	}
	return cmp.Compare(strings.ToLower(*a), strings.ToLower(*b))
}

func compileExpr(q *Query, e Expr, schema Schema, opts Options) (func(Record) bool, error) {
	switch e := e.(type) {
	case *And:
		l, err := compileExpr(q, e.Left, schema, opts)
		if err != nil {
			return nil, err
		}
		r, err := compileExpr(q, e.Right, schema, opts)
		if err != nil {
			return nil, err
		}
		return func(x Record) bool { return l(x) && r(x) }, nil
	case *Or:
		l, err := compileExpr(q, e.Left, schema, opts)
		if err != nil {
			return nil, err
		}
		r, err := compileExpr(q, e.Right, schema, opts)
		if err != nil {
			return nil, err
		}
		return func(x Record) bool { return l(x) || r(x) }, nil
	case *Cond:
		return compileCond(q, e, schema, opts)
	}
	return nil, &Error{Query: q.Text, Msg: "unsupported expression"}
}

func knownNames(schema Schema) string {
	names := make([]string, 0, len(schema))
	for n := range schema {
		names = append(names, n)
	}
	slices.Sort(names)
	return "; searchable attributes are: " + strings.Join(names, ", ")
}
