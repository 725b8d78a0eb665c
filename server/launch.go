package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
)

// stackParam is one parameter as cfn-lsp.stackParameters reports it. A value
// already known from the parameters file is reported as default, except for
// NoEcho parameters, whose values are never echoed: hasValue says one is known.
type stackParam struct {
	Name          string   `json:"name"`
	Type          string   `json:"type"`
	Default       *string  `json:"default,omitempty"`
	NoEcho        bool     `json:"noEcho"`
	HasValue      bool     `json:"hasValue,omitempty"`
	AllowedValues []string `json:"allowedValues,omitempty"`
	Description   string   `json:"description,omitempty"`
}

type stackParamsResult struct {
	StackName  string       `json:"stackName"`
	Parameters []stackParam `json:"parameters"`
}

// launchArgs is the cfn-lsp.launchStack argument.
type launchArgs struct {
	URI          protocol.DocumentURI       `json:"uri"`
	StackName    string                     `json:"stackName"`
	Parameters   map[string]json.RawMessage `json:"parameters"`
	Region       string                     `json:"region"`
	Profile      string                     `json:"profile"`
	S3Bucket     string                     `json:"s3Bucket"`
	Capabilities []string                   `json:"capabilities"`
	Tags         map[string]string          `json:"tags"`
	Yes          bool                       `json:"yes"`
}

type launchResult struct {
	StackName string            `json:"stackName"`
	Status    string            `json:"status"`
	Outputs   map[string]string `json:"outputs"`
	Message   string            `json:"message"`
}

type validateResult struct {
	Valid   bool   `json:"valid"`
	Message string `json:"message"`
}

// cmdStackParameters runs cfn-lsp.stackParameters: the suggested stack name and
// every template parameter, so that clients can prompt for missing values.
func (s *Server) cmdStackParameters(ctx context.Context, arg json.RawMessage) (any, error) {
	_, in, err := s.commandInput(arg)
	if err != nil {
		return nil, err
	}
	res := stackParamsResult{StackName: in.stackName, Parameters: []stackParam{}}
	for _, p := range deploy.Parameters(in.tmpl) {
		sp := stackParam{Name: p.Name, Type: p.Type, NoEcho: p.NoEcho, AllowedValues: p.AllowedValues, Description: p.Description}
		v, ok := in.fromFile[p.Name]
		if !ok && p.HasDefault {
			v, ok = p.Default, true
		}
		switch {
		case ok && p.NoEcho:
			sp.HasValue = true
		case ok:
			sp.Default = &v
		}
		res.Parameters = append(res.Parameters, sp)
	}
	return res, nil
}

// cmdLaunchStack runs cfn-lsp.launchStack: create or update the stack through a
// change set the user confirms, reporting progress and mapping failures onto the
// template as diagnostics.
func (s *Server) cmdLaunchStack(ctx context.Context, arg json.RawMessage) (any, error) {
	a, in, err := s.commandInput(arg)
	if err != nil {
		return nil, err
	}
	stack := a.StackName
	if stack == "" {
		stack = in.stackName
	}
	if !deploy.ValidStackName(stack) {
		return nil, invalidParams("invalid stack name %q: use letters, digits and hyphens, starting with a letter, at most 128 characters", stack)
	}
	given := map[string]string{}
	for k, raw := range a.Parameters {
		var str string
		if json.Unmarshal(raw, &str) == nil {
			given[k] = str
		} else {
			given[k] = strings.TrimSpace(string(raw))
		}
	}
	res := deploy.Resolve(deploy.Parameters(in.tmpl), given, in.fromFile)
	if len(res.Unknown) > 0 {
		return nil, invalidParams("the template has no parameter named %s", strings.Join(res.Unknown, ", "))
	}
	if len(res.Missing) > 0 {
		return nil, invalidParams("missing values for parameters: %s (pass them in the command's parameters, or put them in %s)",
			strings.Join(res.Missing, ", "), path.Base(deploy.ParamsFileFor(in.path)))
	}
	client, bucket, err := s.awsClient(ctx, a.Region, a.Profile, a.S3Bucket)
	if err != nil {
		return nil, err
	}
	if s.currentSettings().AWS.CheckPermissions {
		s.checkPermissions(ctx, client, in.tmpl)
	}

	p := s.startProgress(ctx, "Launching stack "+stack)
	hooks := deploy.Hooks{
		Log: func(msg string) {
			s.logMessage(protocol.MessageTypeInfo, msg)
			p.report(msg)
		},
		Event: func(e deploy.Event) {
			s.logMessage(protocol.MessageTypeInfo, e.String())
			p.report(e.String())
		},
		Confirm: func(ctx context.Context, cs *deploy.ChangeSet) (bool, error) {
			summary := fmt.Sprintf("Change set for stack %s (%s): %s", cs.StackName, strings.ToLower(cs.Type), cs.Summary())
			lines := s.changeSetLines(in, stack, res.Values, cs)
			s.logMessage(protocol.MessageTypeInfo, summary+"\n"+strings.Join(lines, "\n"))
			if a.Yes {
				return true, nil
			}
			return s.confirm(ctx, summary+"\n"+strings.Join(lines, "\n"))
		},
	}
	result, err := client.Launch(ctx, deploy.Request{
		StackName: stack, Template: in.tmpl, Parameters: res.Values,
		Capabilities: a.Capabilities, Tags: a.Tags, S3Bucket: bucket,
	}, hooks)
	if err != nil {
		p.end("Failed: " + err.Error())
		return nil, err
	}
	msg := result.Message()
	p.end(msg)
	if result.Outcome == deploy.Succeeded || result.Outcome == deploy.Failed {
		s.launched(in, stack, client.Region, a.Profile, a.Tags, result.Outcome == deploy.Succeeded)
	}
	switch result.Outcome {
	case deploy.Succeeded, deploy.NoChanges:
		s.clouds.set(in.uri, nil, true, true)
		s.schedule(in.uri, 0)
		s.logMessage(protocol.MessageTypeInfo, msg)
	case deploy.Failed:
		s.clouds.set(in.uri, result.Failures, true, false)
		s.schedule(in.uri, 0)
		s.logMessage(protocol.MessageTypeError, msg)
	case deploy.InProgress:
		// The request was cancelled: its answer may go unseen, so say it aloud.
		s.notify(context.Background(), "window/showMessage", &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
	default:
		s.logMessage(protocol.MessageTypeInfo, msg)
	}
	out := launchResult{StackName: stack, Status: result.Status, Outputs: map[string]string{}, Message: msg}
	for _, o := range result.Outputs {
		out.Outputs[o.Key] = o.Value
	}
	return out, nil
}

// cmdValidateTemplate runs cfn-lsp.validateTemplate with the ValidateTemplate
// API; the service's complaint also becomes a diagnostic.
func (s *Server) cmdValidateTemplate(ctx context.Context, arg json.RawMessage) (any, error) {
	a, in, err := s.commandInput(arg)
	if err != nil {
		return nil, err
	}
	client, bucket, err := s.awsClient(ctx, a.Region, a.Profile, a.S3Bucket)
	if err != nil {
		return nil, err
	}
	err = client.ValidateTemplate(ctx, in.tmpl, bucket, in.stackName)
	var apiErr *deploy.APIError
	switch {
	case errors.As(err, &apiErr):
		s.clouds.set(in.uri, []deploy.Failure{{Reason: apiErr.Message}}, false, true)
		s.schedule(in.uri, 0)
		return validateResult{Valid: false, Message: apiErr.Message}, nil
	case err != nil:
		return nil, err
	}
	s.clouds.set(in.uri, nil, false, true)
	s.schedule(in.uri, 0)
	return validateResult{Valid: true, Message: "CloudFormation found the template valid."}, nil
}

// awsClient connects with the command's region and profile, else the settings',
// else the SDK's default chain.
func (s *Server) awsClient(ctx context.Context, region, profile, bucket string) (*deploy.Client, string, error) {
	st := s.currentSettings()
	if region == "" {
		region = st.AWS.Region
	}
	if profile == "" {
		profile = st.AWS.Profile
	}
	if bucket == "" {
		bucket = st.AWS.S3Bucket
	}
	c, err := deploy.NewClient(ctx, deploy.AWSOptions{Region: region, Profile: profile, EndpointURL: st.AWS.EndpointURL})
	if err != nil {
		return nil, "", &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
	}
	return c, bucket, nil
}

// confirm asks the user to execute a change set; only an explicit Execute counts.
func (s *Server) confirm(ctx context.Context, message string) (bool, error) {
	var item *protocol.MessageActionItem
	err := s.call(ctx, "window/showMessageRequest", &protocol.ShowMessageRequestParams{
		Type:    protocol.MessageTypeInfo,
		Message: message + "\n\nExecute this change set?",
		Actions: []protocol.MessageActionItem{{Title: "Execute"}, {Title: "Cancel"}},
	}, &item)
	if err != nil {
		return false, fmt.Errorf("asking to confirm the change set: %w", err)
	}
	return item != nil && item.Title == "Execute", nil
}

func (s *Server) logMessage(typ protocol.MessageType, msg string) {
	s.notify(context.Background(), "window/logMessage", &protocol.LogMessageParams{Type: typ, Message: msg})
}

func invalidParams(format string, args ...any) error {
	return &jsonrpc2.Error{Code: jsonrpc2.InvalidParams, Message: fmt.Sprintf(format, args...)}
}
