package main

import (
	"fmt"
	"go/token"
	"strings"
)

// genServices emits engine/zz_generated_services.go: a type for every service, its locators (which
// send nothing) and its methods with a params struct holding every in-parameter of the model.
func genServices(m *Model) ([]byte, error) {
	action := m.types["Action"]
	if action == nil {
		return nil, fmt.Errorf("model has no Action type")
	}
	f := newFile(m, "engine", "context", "iter", "time",
		"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec",
		"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream",
		"github.com/ovirtsh/ovirtsh/engine/types")
	f.p("var (\n_ context.Context\n_ iter.Seq[int]\n_ time.Time\n_ *xmlstream.Writer\n_ = xmlcodec.ReadAction\n)\n\n")
	f.p("// SystemService returns the root service of the API.\n")
	f.p("func (c *Connection) SystemService() *%sService { return &%sService{conn: c} }\n\n", m.RootService, m.RootService)
	f.p("// newService returns the typed service named name at path, or nil.\n")
	f.p("func newService(name string, c *Connection, path string) any {\nswitch name {\n")
	for _, s := range m.Services {
		f.p("case %q:\nreturn &%sService{conn: c, path: path}\n", s.Name, s.Name)
	}
	f.p("}\nreturn nil\n}\n\n")
	for _, s := range m.Services {
		if err := genService(m, f, s); err != nil {
			return nil, fmt.Errorf("service %s: %w", s.Name, err)
		}
	}
	return f.Bytes(), nil
}

func genService(m *Model, f *file, s *Service) error {
	sn := s.Name + "Service"
	f.p("// %s is the %s service of the oVirt API%s.\n", sn, s.SnakeName, docSuffix(m, s.DocAnchor))
	f.p("// Locators build sub-services and send nothing; methods send one request each.\n")
	if s.Deprecated {
		f.p("//\n// Deprecated: the model marks this service deprecated.\n")
	}
	f.p("type %s struct {\nconn *Connection\npath string\n}\n\n", sn)
	f.p("// Path returns the address of the service relative to the API root.\n")
	f.p("func (s *%s) Path() string { return s.path }\n\n", sn)
	for _, l := range s.Locators {
		var params, segs []string
		seg := fmt.Sprintf("%q", l.Path)
		for _, p := range l.Parameters {
			params = append(params, argName(p.Name)+" string")
			segs = append(segs, argName(p.Name))
		}
		if len(segs) == 1 && strings.HasPrefix(l.Path, "{") {
			seg = segs[0]
		} else if len(segs) > 0 {
			return fmt.Errorf("locator %s: unsupported path %q", l.Name, l.Path)
		}
		f.p("// %sService returns the %s service (locator %s); it sends nothing.\n", goName(l.Name), l.Service, l.Name)
		f.p("func (s *%s) %sService(%s) *%sService {\nreturn &%sService{conn: s.conn, path: joinPath(s.path, %s)}\n}\n\n",
			sn, goName(l.Name), strings.Join(params, ", "), l.Service, l.Service, seg)
	}
	for _, me := range s.Methods {
		if err := genMethod(m, f, s, me); err != nil {
			return fmt.Errorf("method %s: %w", me.Name, err)
		}
	}
	return nil
}

// bodyParam returns the parameter carried in the request document of add/update, or nil.
func bodyParam(me *Method) *Param {
	for _, p := range me.Parameters {
		if p.In && p.InLocation == "body" {
			return p
		}
	}
	return nil
}

// outParam returns the parameter returned by the method, or nil.
func outParam(me *Method) *Param {
	for _, p := range me.Parameters {
		if p.Out {
			return p
		}
	}
	return nil
}

func genMethod(m *Model, f *file, s *Service, me *Method) error {
	sn := s.Name + "Service"
	pn := s.Name + goName(me.Name) + "Params"
	body, out := bodyParam(me), outParam(me)
	// The params struct: every in-parameter except the body.
	f.p("// %s holds the parameters of %s.%s; nil fields are not sent.\n", pn, sn, goName(me.Name))
	f.p("type %s struct {\n", pn)
	for _, p := range me.Parameters {
		if !p.In || p == body {
			continue
		}
		if p.Deprecated {
			f.p("// Deprecated: the model marks this parameter deprecated.\n")
		}
		f.p("%s %s\n", goName(p.Name), paramGoType(m, p))
	}
	f.p("CallOptions\n}\n\n")

	var args []string
	args = append(args, "ctx context.Context")
	if body != nil {
		args = append(args, argName(body.Name)+" "+valueGoType(m, body))
	}
	args = append(args, "p *"+pn)
	var ret string
	switch {
	case out != nil:
		ret = fmt.Sprintf("(%s, error)", valueGoType(m, out))
	default:
		ret = "error"
	}
	f.p("// %s sends the %s request of the %s service%s.\n", goName(me.Name), me.Name, s.SnakeName, docSuffix(m, me.DocAnchor))
	if me.Signature != "" {
		f.p("// It is the %s variant of %s and sends the same request.\n", me.Signature, me.Base)
	}
	if me.Deprecated {
		f.p("//\n// Deprecated: the model marks this method deprecated.\n")
	}
	f.p("func (s *%s) %s(%s) %s {\n", sn, goName(me.Name), strings.Join(args, ", "), ret)
	path := "s.path"
	if me.Kind == "action" {
		path = fmt.Sprintf("joinPath(s.path, %q)", me.Path)
	}
	f.p("req := newRequest(%q, %s)\n", me.HTTP, path)
	genParamSetting(m, f, me, body)
	switch me.Kind {
	case "list":
		t := m.types[out.Type]
		f.p("return callList(ctx, s.conn, req, %q, xmlcodec.Read%ss)\n", t.XMLPlural, t.Name)
		f.p("}\n\n")
		genListIter(m, f, s, me, pn, t)
		return nil
	case "get", "add", "update":
		if out == nil {
			return fmt.Errorf("%s without output", me.Kind)
		}
		t := m.types[out.Type]
		if out.List {
			f.p("return callList(ctx, s.conn, req, %q, xmlcodec.Read%ss)\n", t.XMLPlural, t.Name)
		} else {
			f.p("return callOne(ctx, s.conn, req, %q, xmlcodec.Read%s)\n", t.XMLName, t.Name)
		}
	case "remove":
		f.p("return callRemove(ctx, s.conn, req)\n")
	case "action":
		if out == nil {
			f.p("_, err := callAction(ctx, s.conn, req)\nreturn err\n")
		} else {
			f.p("a, err := callAction(ctx, s.conn, req)\nif err != nil {\nvar zero %s\nreturn zero, err\n}\n", valueGoType(m, out))
			if out.List || m.kindOf(out.Type) == "struct" {
				f.p("return a.%s, nil\n", goName(out.Name))
			} else {
				f.p("return a.Get%s(), nil\n", goName(out.Name))
			}
		}
	default:
		return fmt.Errorf("unknown kind %s", me.Kind)
	}
	f.p("}\n\n")
	return nil
}

// genParamSetting emits the code that places each input where the model says: the query, the
// request document, or the <action> document.
func genParamSetting(m *Model, f *file, me *Method, body *Param) {
	var actionParams []*Param
	for _, p := range me.Parameters {
		if p.In && p.InLocation == "action" {
			actionParams = append(actionParams, p)
		}
	}
	f.p("if p != nil {\n")
	for _, p := range me.Parameters {
		if p.In && p.InLocation == "query" {
			f.p("%s(req, %q, p.%s)\n", querySetter(m, p), p.XMLName, goName(p.Name))
		}
	}
	f.p("p.CallOptions.apply(req)\n}\n")
	if body != nil {
		t := m.types[body.Type]
		if body.List {
			f.p("req.Body = func(w *xmlstream.Writer) {\nw.Begin(%q)\nfor _, v := range %s {\nxmlcodec.Write%s(w, %q, v)\n}\nw.End()\n}\n",
				t.XMLPlural, argName(body.Name), t.Name, t.XMLName)
		} else {
			f.p("req.Body = func(w *xmlstream.Writer) { xmlcodec.Write%s(w, %q, %s) }\n", t.Name, t.XMLName, argName(body.Name))
		}
	}
	if me.Kind == "action" || len(actionParams) > 0 {
		f.p("in := new(types.Action)\n")
		if len(actionParams) > 0 {
			f.p("if p != nil {\n")
			for _, p := range actionParams {
				f.p("in.%s = p.%s\n", goName(p.Name), goName(p.Name))
			}
			f.p("}\n")
		}
		f.p("req.Body = func(w *xmlstream.Writer) { xmlcodec.WriteAction(w, \"action\", in) }\n")
	}
}

// paramGoType is the type of a params struct field: pointers for scalars and structs, slices for lists.
func paramGoType(m *Model, p *Param) string {
	elem := m.goType(p.Type, "types")
	switch {
	case p.List && m.kindOf(p.Type) == "struct":
		return "[]*" + elem
	case p.List:
		return "[]" + elem
	default:
		return "*" + elem
	}
}

// valueGoType is the type of a body argument or a returned value.
func valueGoType(m *Model, p *Param) string {
	elem := m.goType(p.Type, "types")
	switch {
	case p.List && m.kindOf(p.Type) == "struct":
		return "[]*" + elem
	case p.List:
		return "[]" + elem
	case m.kindOf(p.Type) == "struct":
		return "*" + elem
	default:
		return elem
	}
}

func querySetter(m *Model, p *Param) string {
	switch p.Type {
	case "String":
		return "setString"
	case "Boolean":
		return "setBool"
	case "Integer":
		return "setInt64"
	case "Decimal":
		return "setFloat64"
	case "Date":
		return "setTime"
	}
	if m.kindOf(p.Type) == "enum" {
		return "setEnum"
	}
	return "setUnsupported"
}

// argName is the Go name of a function argument for a model name, never a keyword.
func argName(name string) string {
	n := lowerFirst(goName(name))
	if token.IsKeyword(n) || n == "ctx" || n == "p" || n == "s" || n == "req" || n == "in" || n == "a" {
		n += "_"
	}
	return n
}

// genListIter emits the streaming twin of a list method: ListIter yields the items as they are
// read from the response, so a long list is never held whole.
func genListIter(m *Model, f *file, s *Service, me *Method, pn string, t *Type) {
	sn := s.Name + "Service"
	name := goName(me.Name) + "Iter"
	f.p("// %s sends the same request as %s and yields the %s one at a time as the response\n", name, goName(me.Name), t.XMLPlural)
	f.p("// is read, so a long list is never held whole. An error is yielded once, with a nil item, and\n")
	f.p("// ends the iteration; stopping early closes the response.\n")
	f.p("func (s *%s) %s(ctx context.Context, p *%s) iter.Seq2[*types.%s, error] {\n", sn, name, pn, t.Name)
	f.p("req := newRequest(%q, s.path)\n", me.HTTP)
	genParamSetting(m, f, me, nil)
	f.p("return callIter[types.%s](ctx, s.conn, req, %q)\n}\n\n", t.Name, t.XMLPlural)
}
