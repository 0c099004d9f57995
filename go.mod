module github.com/ovirtsh/ovirtsh

go 1.26

require (
	github.com/chzyer/readline v1.5.1
	github.com/stretchr/testify v1.10.0
	github.com/yuin/gopher-lua v1.1.2
	layeh.com/gopher-luar v1.0.11
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/sys v0.0.0-20220310020820-b874c991c1a5 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
