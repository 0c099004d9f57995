module github.com/ovirtsh/ovirtsh/tests/peer

go 1.26

require (
	github.com/ovirt/go-ovirt/v4 v4.5.0
	github.com/ovirtsh/ovirtsh v0.0.0
	github.com/stretchr/testify v1.10.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/ovirtsh/ovirtsh => ../..
