module github.com/ovirtsh/ovirtsh/tests/peer

go 1.26

require (
	github.com/ovirt/go-ovirt-client/v3 v3.2.0
	github.com/ovirt/go-ovirt/v4 v4.5.0
	github.com/ovirtsh/ovirtsh v0.0.0
	github.com/pkg/errors v0.9.1
	github.com/satori/go.uuid v1.2.0
	github.com/stretchr/testify v1.10.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/google/uuid v1.3.0 // indirect
	github.com/ovirt/go-ovirt v0.0.0-20220427092237-114c47f2835c // indirect
	github.com/ovirt/go-ovirt-client-log/v3 v3.0.0 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/ovirtsh/ovirtsh => ../..
