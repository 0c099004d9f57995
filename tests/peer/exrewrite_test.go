package peer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// example is one go-ovirt example file, rewritten into the runner module.
type example struct {
	name     string   // file name without .go, e.g. "add_vm"
	entries  []string // its entry functions, in source order
	password string   // the admin password its connection uses
	imports  []string // the non-standard packages it imports
	broken   string   // why it does not compile, if it does not
}

// exampleHarness is added to the rewritten examples package: the simulator's URL replaces the
// engine URL the examples hard-code, and sleeps run at the simulator clock's speed.
const exampleHarness = `package examples

import (
	"os"
	"strconv"
	"time"
)

func exampleURL() string { return os.Getenv("OVIRTSH_EXAMPLE_URL") }

func exampleSleep(d time.Duration) {
	speed, err := strconv.Atoi(os.Getenv("OVIRTSH_EXAMPLE_SPEED"))
	if err != nil || speed < 1 {
		speed = 1
	}
	time.Sleep(d / time.Duration(speed))
}
`

// compileError is a line of the go tool's output naming a file of the examples package.
var compileError = regexp.MustCompile(`(?m)^examples/(\w+)\.go:\d+:\d+: (.*)$`)

// buildExampleRunner copies the examples of dir (one package, as go-ovirt ships them) into a
// module in a temp directory, each file with an exported Run_<name> that calls its entry
// functions, and builds one binary that runs an example by name. Files that do not compile are
// left out (and marked broken) so the others can run. versionOf gives the version to require
// of a module the examples import.
func buildExampleRunner(t *testing.T, dir, goSum string, versionOf func(module string) string) (string, []example) {
	t.Helper()
	mod := t.TempDir()
	pkgDir := filepath.Join(mod, "examples")
	require.NoError(t, os.MkdirAll(pkgDir, 0o755))
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	var exs []example
	modules := map[string]bool{}
	for _, f := range files {
		ex := rewriteExample(t, f, pkgDir)
		for _, imp := range ex.imports {
			modules[moduleOf(imp)] = true
		}
		exs = append(exs, ex)
	}
	sort.Slice(exs, func(i, j int) bool { return exs[i].name < exs[j].name })
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, "harness.go"), []byte(exampleHarness), 0o644))
	var requires []string
	for m := range modules {
		requires = append(requires, m+" "+versionOf(m))
	}
	sort.Strings(requires)
	goMod := "module exrun\n\ngo 1.24\n\nrequire (\n\t" + strings.Join(requires, "\n\t") + "\n)\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(goMod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.sum"), []byte(goSum), 0o644))

	byName := map[string]*example{}
	for i := range exs {
		byName[exs[i].name] = &exs[i]
	}
	writeRunnerMain(t, mod, exs)
	bin := filepath.Join(mod, "exrun")
	for attempt := 0; ; attempt++ {
		out, err := goCommand(mod, "build", "-o", bin, ".").CombinedOutput()
		if err == nil {
			break
		}
		errs := compileError.FindAllStringSubmatch(string(out), -1)
		require.True(t, len(errs) > 0 && attempt < 20, "building the example runner: %s", out)
		for _, e := range errs {
			ex := byName[e[1]]
			require.NotNil(t, ex, "compile error in a file that is no example: %s", e[0])
			if ex.broken == "" {
				ex.broken = e[2]
				require.NoError(t, os.Remove(filepath.Join(pkgDir, ex.name+".go")))
			}
		}
		writeRunnerMain(t, mod, exs)
	}
	return bin, exs
}

// writeRunnerMain writes the runner's main package, which runs the example named by its argument.
func writeRunnerMain(t *testing.T, mod string, exs []example) {
	t.Helper()
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"exrun/examples\"\n)\n\n")
	main.WriteString("var run = map[string]func(){\n")
	for _, ex := range exs {
		if ex.broken == "" && len(ex.entries) > 0 {
			fmt.Fprintf(&main, "\t%q: examples.%s,\n", ex.name, runFunc(ex.name))
		}
	}
	main.WriteString("}\n\nfunc main() {\n\tf, ok := run[os.Args[1]]\n\tif !ok {\n" +
		"\t\tfmt.Fprintln(os.Stderr, \"no example\", os.Args[1])\n\t\tos.Exit(2)\n\t}\n\tf()\n}\n")
	require.NoError(t, os.WriteFile(filepath.Join(mod, "main.go"), []byte(main.String()), 0o644))
}

func runFunc(name string) string { return "Run_" + name }

// moduleOf returns the module an import path of the examples belongs to (they import
// packages at their modules' roots).
func moduleOf(path string) string { return path }

// rewriteExample parses one example file and writes it, rewritten, into pkgDir.
func rewriteExample(t *testing.T, file, pkgDir string) example {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
	require.NoError(t, err, file)
	ex := example{name: strings.TrimSuffix(filepath.Base(file), ".go")}
	f.Name.Name = "examples"
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		require.NoError(t, err)
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			ex.imports = append(ex.imports, p)
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Recv == nil && fd.Type.Params.NumFields() == 0 && fd.Type.Results.NumFields() == 0 &&
			callsConnectionBuilder(fd) {
			ex.entries = append(ex.entries, fd.Name.Name)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "time" && sel.Sel.Name == "Sleep" {
					n.Fun = ast.NewIdent("exampleSleep")
				}
				if pw, ok := stringArg(n); ok && sel.Sel.Name == "Password" && ex.password == "" &&
					!strings.Contains(pw, "wrong") {
					ex.password = pw
				}
			}
			replaceEngineURLs(n.Args)
		case *ast.AssignStmt:
			replaceEngineURLs(n.Rhs)
		case *ast.ValueSpec:
			replaceEngineURLs(n.Values)
		}
		return true
	})
	var src bytes.Buffer
	require.NoError(t, printer.Fprint(&src, fset, f))
	fmt.Fprintf(&src, "\n// %s runs the example's entry functions in order.\nfunc %s() {\n", runFunc(ex.name), runFunc(ex.name))
	for _, e := range ex.entries {
		fmt.Fprintf(&src, "\t%s()\n", e)
	}
	src.WriteString("}\n")
	require.NoError(t, os.WriteFile(filepath.Join(pkgDir, ex.name+".go"), src.Bytes(), 0o644))
	return ex
}

// stringArg returns the argument of a call with one string literal argument.
func stringArg(call *ast.CallExpr) (string, bool) {
	if len(call.Args) != 1 {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// replaceEngineURLs replaces the engine URLs among exprs with a call of exampleURL.
func replaceEngineURLs(exprs []ast.Expr) {
	for i, e := range exprs {
		if isEngineURL(e) {
			exprs[i] = &ast.CallExpr{Fun: ast.NewIdent("exampleURL")}
		}
	}
}

func callsConnectionBuilder(fd *ast.FuncDecl) bool {
	found := false
	ast.Inspect(fd, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "NewConnectionBuilder" {
			found = true
		}
		return !found
	})
	return found
}

// isEngineURL reports whether e is a string literal naming an engine's API URL.
func isEngineURL(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	s, err := strconv.Unquote(lit.Value)
	return err == nil && strings.HasPrefix(s, "https://") && strings.Contains(s, "/ovirt-engine/api")
}
