// Package stack knows a template's deployed stacks: the workspace file that
// links a template to its deployments (.cfn-lsp.yaml), the values a
// deployment gives the template's parameters and intrinsic functions, the
// preview of what an edit does to the deployed stack (resource by resource,
// from the spec's update behaviour), the findings that preview raises (an edit
// that deletes data, resources the deployment leaves out), the inlay hints and
// hover notes of resolved values, and the placing of drift on the template.
// It is protocol-free; internal/deploy talks to CloudFormation.
package stack
