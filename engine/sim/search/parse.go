package search

import (
	"strconv"
	"strings"
)

// Op is a comparison operator.
type Op string

// The operators of a condition.
const (
	OpEq Op = "="
	OpNe Op = "!="
	OpLt Op = "<"
	OpGt Op = ">"
	OpLe Op = "<="
	OpGe Op = ">="
)

// Expr is a node of a search condition tree: *And, *Or or *Cond.
type Expr interface {
	String() string
}

// And holds when both sides hold.
type And struct{ Left, Right Expr }

// Or holds when either side holds.
type Or struct{ Left, Right Expr }

// Cond compares an attribute with a value; Value may contain the wildcard *.
// FreeText is the Attr of a condition that is a word alone ("mycluster"): free text, matched
// against every text attribute.
const FreeText = ""

type Cond struct {
	Attr  string // lower-cased, possibly dotted: "name", "vms.status"
	Op    Op
	Value string
	Pos   int // offset of the attribute in the query
}

func (e *And) String() string { return "(" + e.Left.String() + " and " + e.Right.String() + ")" }
func (e *Or) String() string  { return "(" + e.Left.String() + " or " + e.Right.String() + ")" }
func (e *Cond) String() string {
	if e.Attr == FreeText {
		return e.Value
	}
	return e.Attr + string(e.Op) + quoteValue(e.Value)
}

// quoteValue quotes a value the way the lexer reads it back: the language has no escapes, so a
// value holding a double quote is put in single quotes.
func quoteValue(v string) string {
	if strings.IndexByte(v, '"') >= 0 {
		return "'" + v + "'"
	}
	return `"` + v + `"`
}

// Query is a parsed search.
type Query struct {
	Text   string
	Where  Expr   // nil matches everything
	SortBy string // attribute, "" for none
	Desc   bool
	Page   int // 1-based; 0 when not given
}

func (q *Query) String() string {
	var parts []string
	if q.Where != nil {
		parts = append(parts, q.Where.String())
	}
	if q.SortBy != "" {
		dir := "asc"
		if q.Desc {
			dir = "desc"
		}
		parts = append(parts, "sortby "+q.SortBy+" "+dir)
	}
	if q.Page > 0 {
		parts = append(parts, "page "+strconv.Itoa(q.Page))
	}
	return strings.Join(parts, " ")
}

// Parse parses a search query. An empty query matches everything.
func Parse(text string) (*Query, error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{text: text, toks: toks}
	q := &Query{Text: text}
	if !p.atKeyword("sortby", "page") && p.peek().kind != tokEOF {
		if q.Where, err = p.or(); err != nil {
			return nil, err
		}
	}
	if err := p.tail(q); err != nil {
		return nil, err
	}
	return q, nil
}

type parser struct {
	text string
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) errAt(t token, msg string) error { return &Error{Query: p.text, Pos: t.pos, Msg: msg} }

func (p *parser) atKeyword(words ...string) bool {
	t := p.peek()
	if t.kind != tokWord {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func (p *parser) or() (Expr, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.atKeyword("or") {
		p.next()
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = &Or{left, right}
	}
	return left, nil
}

func (p *parser) and() (Expr, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		if p.atKeyword("and") {
			p.next()
		} else if t := p.peek(); !(t.kind == tokLParen || (t.kind == tokWord && !p.atKeyword("or", "sortby", "page"))) {
			return left, nil // no implicit and: end of this conjunction
		}
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &And{left, right}
	}
}

func (p *parser) unary() (Expr, error) {
	t := p.next()
	switch {
	case t.kind == tokLParen:
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, p.errAt(c, `expected ")"`)
		}
		return e, nil
	case t.kind == tokWord && isKeyword(t.text):
		return nil, p.errAt(t, "expected a condition, found keyword "+strconv.Quote(t.text))
	case t.kind == tokWord:
		return p.cond(t)
	case t.kind == tokEOF:
		return nil, p.errAt(t, "expected a condition, found the end of the query")
	default:
		return nil, p.errAt(t, "expected a condition, found "+strconv.Quote(t.text))
	}
}

func (p *parser) cond(attr token) (Expr, error) {
	if nx := p.peek(); nx.kind == tokEOF || nx.kind == tokRParen || nx.kind == tokWord && isKeyword(nx.text) {
		// a word alone is free text: it matches entities with any text attribute containing it
		return &Cond{Attr: FreeText, Op: OpEq, Value: attr.text, Pos: attr.pos}, nil
	}
	op := p.next()
	if op.kind != tokOp {
		return nil, p.errAt(op, "expected an operator after "+strconv.Quote(attr.text))
	}
	v := p.next()
	if v.kind != tokWord && v.kind != tokString {
		return nil, p.errAt(v, "expected a value after "+strconv.Quote(attr.text+op.text))
	}
	if v.kind == tokWord && isKeyword(v.text) && (strings.EqualFold(v.text, "and") || strings.EqualFold(v.text, "or")) {
		return nil, p.errAt(v, "expected a value after "+strconv.Quote(attr.text+op.text)+"; quote it if it is "+v.text)
	}
	return &Cond{Attr: strings.ToLower(attr.text), Op: Op(op.text), Value: v.text, Pos: attr.pos}, nil
}

// tail parses `sortby attr [asc|desc]` and `page N`, each at most once, in either order.
func (p *parser) tail(q *Query) error {
	for {
		t := p.next()
		switch {
		case t.kind == tokEOF:
			return nil
		case t.kind == tokWord && strings.EqualFold(t.text, "sortby") && q.SortBy == "":
			a := p.next()
			if a.kind != tokWord || isKeyword(a.text) {
				return p.errAt(a, "expected an attribute after sortby")
			}
			q.SortBy = strings.ToLower(a.text)
			if p.atKeyword("asc", "desc") {
				q.Desc = strings.EqualFold(p.next().text, "desc")
			}
		case t.kind == tokWord && strings.EqualFold(t.text, "page") && q.Page == 0:
			n := p.next()
			v, err := strconv.Atoi(n.text)
			if n.kind != tokWord || err != nil || v < 1 {
				return p.errAt(n, "expected a page number (1, 2, ...) after page")
			}
			q.Page = v
		case t.kind == tokWord && isKeyword(t.text):
			return p.errAt(t, "unexpected "+strconv.Quote(t.text)+" (sortby and page go at the end, once each)")
		default:
			return p.errAt(t, "unexpected "+strconv.Quote(t.text))
		}
	}
}

func isKeyword(w string) bool {
	switch strings.ToLower(w) {
	case "and", "or", "sortby", "page", "asc", "desc":
		return true
	}
	return false
}
