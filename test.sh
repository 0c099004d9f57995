#!/usr/bin/env bash
# The project's test command (see README.md): vet, the generated-code drift check, and all tests,
# including the separate tests/peer module when it exists.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 ./...
if [ -f tests/peer/go.mod ]; then
  (cd tests/peer && go vet ./... && go test -count=1 ./...)
fi
