// This directory is a Node.js package, not Go code. This file makes it a separate
// (empty) module so that `go build ./...` and `go test ./...` skip node_modules.
module github.com/cfn-lsp/cfn-lsp/editors/vscode

go 1.26
