package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Request describes one launch.
type Request struct {
	StackName string
	// Template is the parsed template; its Text is what is sent.
	Template *template.Template
	// Parameters are the explicit values (see Resolve); parameters left out use
	// the template's Default, or the stack's previous value on an update.
	Parameters   map[string]string
	Capabilities []string // added to the computed ones
	Tags         map[string]string
	// S3Bucket receives templates over MaxTemplateBody bytes.
	S3Bucket string
}

// Change is one resource change of a change set.
type Change struct {
	Action      string // Add, Modify, Remove, Import, Dynamic
	LogicalID   string
	Type        string
	Replacement string // True, False, Conditional (Modify only)
	Details     []ChangeDetail
}

// ChangeDetail is one changed property or attribute of a Modify change.
type ChangeDetail struct {
	Attribute          string // Properties, Metadata, Tags, ...
	Name               string // the property (Attribute Properties)
	RequiresRecreation string // Never, Conditionally, Always
	ChangeSource       string // DirectModification, ResourceReference, ParameterReference, ResourceAttribute, Automatic
	CausingEntity      string // the parameter or resource behind a reference
}

// ChangeSet is a created change set awaiting confirmation.
type ChangeSet struct {
	StackName string
	ID        string
	Type      string // CREATE or UPDATE
	Changes   []Change
}

// Summary counts the change set's changes: "2 to add, 1 to modify (1 replaced), 0 to remove".
func (cs *ChangeSet) Summary() string {
	var add, mod, rep, rem, other int
	for _, c := range cs.Changes {
		switch c.Action {
		case "Add":
			add++
		case "Modify":
			mod++
			if c.Replacement == "True" || c.Replacement == "Conditional" {
				rep++
			}
		case "Remove":
			rem++
		default:
			other++
		}
	}
	s := fmt.Sprintf("%d to add, %d to modify", add, mod)
	if rep > 0 {
		s += fmt.Sprintf(" (%d replaced)", rep)
	}
	s += fmt.Sprintf(", %d to remove", rem)
	if other > 0 {
		s += fmt.Sprintf(", %d other", other)
	}
	return s
}

// Lines renders the changes one per line: "+ Queue (AWS::SQS::Queue)".
func (cs *ChangeSet) Lines() []string {
	out := make([]string, 0, len(cs.Changes))
	for _, c := range cs.Changes {
		mark := map[string]string{"Add": "+", "Modify": "~", "Remove": "-"}[c.Action]
		if mark == "" {
			mark = "*"
		}
		line := fmt.Sprintf("%s %s (%s)", mark, c.LogicalID, c.Type)
		switch c.Replacement {
		case "True":
			line += " [replacement]"
		case "Conditional":
			line += " [may be replaced]"
		}
		out = append(out, line)
	}
	return out
}

// Event is one stack event.
type Event struct {
	Time      time.Time
	LogicalID string
	Type      string
	Status    string
	Reason    string
}

// String renders an event for logs: "Queue AWS::SQS::Queue CREATE_COMPLETE: reason".
func (e Event) String() string {
	s := fmt.Sprintf("%s %s %s", e.LogicalID, e.Type, e.Status)
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Failure is a failed resource (LogicalID set) or a failure of the whole
// operation (LogicalID empty; the template is searched for what the message names).
type Failure struct {
	LogicalID string
	Type      string
	Status    string
	Reason    string
}

// Outcome classifies a finished launch.
type Outcome int

const (
	// Succeeded: the stack reached CREATE_COMPLETE or UPDATE_COMPLETE.
	Succeeded Outcome = iota
	// NoChanges: the template and parameters match the stack; nothing was changed.
	NoChanges
	// Declined: the change set was not confirmed and was deleted.
	Declined
	// Failed: the change set or the stack operation failed; see Failures.
	Failed
	// InProgress: waiting stopped (cancelled) while the stack was still changing.
	InProgress
)

// Result is the outcome of a launch.
type Result struct {
	Outcome   Outcome
	StackName string
	StackID   string
	Status    string // the stack status, or NO_CHANGES, DECLINED
	Reason    string
	Outputs   []Output
	ChangeSet *ChangeSet
	Failures  []Failure
}

// Output is one stack output.
type Output struct{ Key, Value string }

// Message is a one-line human summary of the result.
func (r *Result) Message() string {
	switch r.Outcome {
	case NoChanges:
		return fmt.Sprintf("Stack %s is up to date: no changes to deploy.", r.StackName)
	case Declined:
		return fmt.Sprintf("Change set for stack %s was not executed; nothing was changed.", r.StackName)
	case InProgress:
		status := r.Status
		if status == "" {
			status = "status unknown"
		}
		return fmt.Sprintf("Stopped waiting: stack %s is still in progress (%s). Follow it in the CloudFormation console or with `aws cloudformation describe-stack-events --stack-name %s`.",
			r.StackName, status, r.StackName)
	case Failed:
		msg := fmt.Sprintf("Stack %s failed", r.StackName)
		if r.Status != "" && r.Status != StatusFailed {
			msg += " (" + r.Status + ")"
		}
		if len(r.Failures) > 0 {
			f := r.Failures[0]
			if f.LogicalID != "" {
				msg += fmt.Sprintf(": %s: %s", f.LogicalID, f.Reason)
			} else {
				msg += ": " + f.Reason
			}
		} else if r.Reason != "" {
			msg += ": " + r.Reason
		}
		return msg
	}
	return fmt.Sprintf("Stack %s: %s.", r.StackName, r.Status)
}

// Status values that are not CloudFormation stack statuses.
const (
	StatusNoChanges = "NO_CHANGES"
	StatusDeclined  = "DECLINED"
	StatusFailed    = "FAILED"
)

// Hooks let the caller confirm and watch a launch.
type Hooks struct {
	// Confirm is asked before a change set is executed; it runs only when Confirm
	// returns true. A nil Confirm never executes anything.
	Confirm func(ctx context.Context, cs *ChangeSet) (bool, error)
	// Event receives each new stack event, oldest first.
	Event func(Event)
	// Log receives progress lines. Parameter values are never logged.
	Log func(string)
}

func (h *Hooks) logf(format string, args ...any) {
	if h.Log != nil {
		h.Log(fmt.Sprintf(format, args...))
	}
}

// maxWaitChangeSet bounds the wait for a change set to be created.
const maxWaitChangeSet = 15 * time.Minute

// Launch creates a change set for the request (CREATE for a new stack, UPDATE for
// an existing one), asks for confirmation, executes it and follows the stack
// until it settles or ctx is done. A non-nil error means nothing could be
// attempted or an API call failed before execution; once a change set is
// executed, failures are reported in the Result (Outcome Failed).
func (c *Client) Launch(ctx context.Context, req Request, h Hooks) (*Result, error) {
	if !ValidStackName(req.StackName) {
		return nil, fmt.Errorf("invalid stack name %q: use letters, digits and hyphens, starting with a letter, at most %d characters", req.StackName, maxStackName)
	}
	t := req.Template
	if t == nil {
		return nil, errors.New("no template")
	}
	res := &Result{StackName: req.StackName}

	stack, err := c.describeStack(ctx, req.StackName)
	if err != nil {
		return nil, err
	}
	csType := types.ChangeSetTypeCreate
	if stack != nil {
		res.StackID = aws.ToString(stack.StackId)
		switch st := string(stack.StackStatus); {
		case st == "REVIEW_IN_PROGRESS":
			// Created by a change set that was never executed: create again.
		case st == "ROLLBACK_COMPLETE" || st == "ROLLBACK_FAILED" || st == "DELETE_FAILED":
			return nil, fmt.Errorf("stack %s is in state %s and cannot be updated; delete it first", req.StackName, st)
		case strings.HasSuffix(st, "_IN_PROGRESS"):
			return nil, fmt.Errorf("stack %s is busy (%s); wait for it to finish", req.StackName, st)
		default:
			csType = types.ChangeSetTypeUpdate
		}
	}

	body, url, err := c.templateSource(ctx, req)
	if err != nil {
		return nil, err
	}
	params := c.parameters(t, req.Parameters, stack, csType)
	caps := MergeCapabilities(Capabilities(t), req.Capabilities)

	name := fmt.Sprintf("cfn-lsp-%d", time.Now().UnixNano())
	in := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(req.StackName),
		ChangeSetName: aws.String(name),
		ChangeSetType: csType,
		Parameters:    params,
		Tags:          tags(req.Tags),
	}
	for _, cp := range caps {
		in.Capabilities = append(in.Capabilities, types.Capability(cp))
	}
	if url != "" {
		in.TemplateURL = aws.String(url)
	} else {
		in.TemplateBody = aws.String(body)
	}
	h.logf("Creating change set %s (%s) for stack %s", name, csType, req.StackName)
	out, err := c.CFN.CreateChangeSet(ctx, in)
	if err != nil {
		if noChanges(errMessage(err)) {
			res.Outcome, res.Status = NoChanges, StatusNoChanges
			return res, nil
		}
		err = apiError("CreateChangeSet", err)
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == "ValidationError" && strings.Contains(ae.Message, "emplate") {
			// The service rejected the template itself: a failure to show on it.
			res.Outcome, res.Status, res.Reason = Failed, StatusFailed, ae.Message
			res.Failures = []Failure{{Reason: ae.Message}}
			return res, nil
		}
		return nil, err
	}
	csID := aws.ToString(out.Id)
	res.StackID = aws.ToString(out.StackId)
	cs, status, reason, err := c.waitChangeSet(ctx, req.StackName, csID)
	if err != nil {
		c.discard(req.StackName, csID, csType)
		return nil, err
	}
	cs.Type = string(csType)
	res.ChangeSet = cs
	if status == types.ChangeSetStatusFailed {
		c.discard(req.StackName, csID, csType)
		if noChanges(reason) {
			res.Outcome, res.Status = NoChanges, StatusNoChanges
			return res, nil
		}
		res.Outcome, res.Status, res.Reason = Failed, StatusFailed, reason
		res.Failures = []Failure{{Reason: "change set failed: " + reason}}
		return res, nil
	}
	if len(cs.Changes) == 0 && csType == types.ChangeSetTypeUpdate {
		c.discard(req.StackName, csID, csType)
		res.Outcome, res.Status = NoChanges, StatusNoChanges
		return res, nil
	}

	ok := false
	if h.Confirm != nil {
		if ok, err = h.Confirm(ctx, cs); err != nil {
			c.discard(req.StackName, csID, csType)
			return nil, err
		}
	}
	if !ok {
		c.discard(req.StackName, csID, csType)
		res.Outcome, res.Status = Declined, StatusDeclined
		return res, nil
	}

	seen, err := c.eventIDs(ctx, req.StackName)
	if err != nil {
		return nil, err
	}
	h.logf("Executing change set %s", name)
	if _, err := c.CFN.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		StackName: aws.String(req.StackName), ChangeSetName: aws.String(csID),
	}); err != nil {
		if ctx.Err() != nil {
			// The request may have reached CloudFormation before the cancellation.
			res.Outcome, res.Status = InProgress, "EXECUTE_REQUESTED"
			return res, nil
		}
		// Emulators apply the change set inside this call and report a
		// resource's failure as its error.
		msg := errMessage(err)
		res.Outcome, res.Status, res.Reason = Failed, StatusFailed, msg
		res.Failures = []Failure{{Reason: msg}}
		return res, nil
	}
	return c.follow(ctx, res, seen, h)
}

// follow polls the stack and its events until it settles or ctx is done.
func (c *Client) follow(ctx context.Context, res *Result, seen map[string]bool, h Hooks) (*Result, error) {
	poll := c.pollInterval()
	var failures []Failure
	events := func(ctx context.Context) {
		evs, err := c.newEvents(ctx, res.StackName, seen)
		if err != nil {
			return // transient: the next poll reads them
		}
		for _, e := range evs {
			if h.Event != nil {
				h.Event(e)
			}
			if strings.HasSuffix(e.Status, "_FAILED") && e.LogicalID != res.StackName {
				failures = append(failures, Failure{LogicalID: e.LogicalID, Type: e.Type, Status: e.Status, Reason: e.Reason})
			}
		}
	}
	for {
		events(ctx)
		if ctx.Err() != nil {
			break
		}
		stack, err := c.describeStack(ctx, res.StackName)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return nil, err
		}
		if stack != nil && !strings.HasSuffix(string(stack.StackStatus), "_IN_PROGRESS") {
			events(ctx) // those written between the two reads
			return settle(res, stack, failures), nil
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll):
			continue
		}
		break
	}
	// Cancelled: read the status once more, briefly and outside the cancelled
	// context, so the user knows where the stack is.
	bg, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if st, err := c.describeStack(bg, res.StackName); err == nil && st != nil {
		if !strings.HasSuffix(string(st.StackStatus), "_IN_PROGRESS") {
			events(bg)
			return settle(res, st, failures), nil
		}
		res.Status = string(st.StackStatus)
	}
	res.Outcome = InProgress
	res.Failures = rootCauses(failures)
	return res, nil
}

// settle fills the result of a stack that reached a final status.
func settle(res *Result, stack *types.Stack, failures []Failure) *Result {
	res.Status = string(stack.StackStatus)
	res.Reason = aws.ToString(stack.StackStatusReason)
	for _, o := range stack.Outputs {
		res.Outputs = append(res.Outputs, Output{Key: aws.ToString(o.OutputKey), Value: aws.ToString(o.OutputValue)})
	}
	res.Failures = rootCauses(failures)
	switch res.Status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE":
		res.Outcome = Succeeded
	default:
		res.Outcome = Failed
		if len(res.Failures) == 0 && res.Reason != "" {
			res.Failures = []Failure{{Reason: res.Reason}}
		}
	}
	return res
}

// rootCauses drops the "cancelled" failures CloudFormation reports for the
// siblings of a resource that really failed.
func rootCauses(fs []Failure) []Failure {
	var real []Failure
	for _, f := range fs {
		if !strings.Contains(strings.ToLower(f.Reason), "cancelled") {
			real = append(real, f)
		}
	}
	if len(real) == 0 {
		return fs
	}
	return real
}

func (c *Client) describeStack(ctx context.Context, name string) (*types.Stack, error) {
	out, err := c.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		if stackNotFound(err) {
			return nil, nil
		}
		return nil, apiError("DescribeStacks", err)
	}
	if len(out.Stacks) == 0 {
		return nil, nil
	}
	return &out.Stacks[0], nil
}

// parameters builds the API parameter list: explicit values, and on an update
// the previous value of a parameter that has neither a value nor a Default.
func (c *Client) parameters(t *template.Template, values map[string]string, stack *types.Stack, csType types.ChangeSetType) []types.Parameter {
	previous := map[string]bool{}
	if stack != nil && csType == types.ChangeSetTypeUpdate {
		for _, p := range stack.Parameters {
			previous[aws.ToString(p.ParameterKey)] = true
		}
	}
	var out []types.Parameter
	for _, p := range Parameters(t) {
		if v, ok := values[p.Name]; ok {
			out = append(out, types.Parameter{ParameterKey: aws.String(p.Name), ParameterValue: aws.String(v)})
		} else if !p.HasDefault && previous[p.Name] {
			out = append(out, types.Parameter{ParameterKey: aws.String(p.Name), UsePreviousValue: aws.Bool(true)})
		}
	}
	return out
}

func tags(m map[string]string) []types.Tag {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}

// templateSource returns the body to send inline, or the URL of the template
// uploaded to S3 when it is too large to send inline.
func (c *Client) templateSource(ctx context.Context, req Request) (body, url string, err error) {
	body = req.Template.Text
	if len(body) <= MaxTemplateBody {
		return body, "", nil
	}
	if req.S3Bucket == "" {
		return "", "", fmt.Errorf("the template is %d bytes, over CloudFormation's %d-byte limit for inline templates: "+
			"it must be uploaded to an S3 bucket first; give one with --s3-bucket or the cfn-lsp.aws.s3Bucket setting",
			len(body), MaxTemplateBody)
	}
	url, err = c.Upload(ctx, req.S3Bucket, req.StackName, body)
	return "", url, err
}

// Upload puts a template into bucket under cfn-lsp/<stack>/<sha256>.template and
// returns the URL CloudFormation reads it from.
func (c *Client) Upload(ctx context.Context, bucket, stack, body string) (string, error) {
	sum := sha256.Sum256([]byte(body))
	key := fmt.Sprintf("cfn-lsp/%s/%s.template", stack, hex.EncodeToString(sum[:12]))
	if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body),
	}); err != nil {
		return "", fmt.Errorf("uploading the template to s3://%s/%s: %w", bucket, key, apiError("PutObject", err))
	}
	return TemplateURL(bucket, key, c.Region), nil
}

// TemplateURL is the https URL of an S3 object as CloudFormation expects it.
func TemplateURL(bucket, key, region string) string {
	host := "s3.amazonaws.com"
	if region != "" && region != "us-east-1" {
		host = "s3." + region + ".amazonaws.com"
	}
	if strings.Contains(bucket, ".") {
		return "https://" + host + "/" + bucket + "/" + key
	}
	return "https://" + bucket + "." + host + "/" + key
}

// waitChangeSet waits until a change set is created or has failed, and reads
// all its changes.
func (c *Client) waitChangeSet(ctx context.Context, stack, id string) (*ChangeSet, types.ChangeSetStatus, string, error) {
	ctx, cancel := context.WithTimeout(ctx, maxWaitChangeSet)
	defer cancel()
	poll := c.pollInterval()
	for {
		cs := &ChangeSet{StackName: stack, ID: id}
		var status types.ChangeSetStatus
		var reason string
		var token *string
		for {
			out, err := c.CFN.DescribeChangeSet(ctx, &cloudformation.DescribeChangeSetInput{
				StackName: aws.String(stack), ChangeSetName: aws.String(id), NextToken: token,
			})
			if err != nil {
				return nil, "", "", apiError("DescribeChangeSet", err)
			}
			status, reason = out.Status, aws.ToString(out.StatusReason)
			for _, ch := range out.Changes {
				if rc := ch.ResourceChange; rc != nil {
					c := Change{
						Action: string(rc.Action), LogicalID: aws.ToString(rc.LogicalResourceId),
						Type: aws.ToString(rc.ResourceType), Replacement: string(rc.Replacement),
					}
					for _, d := range rc.Details {
						cd := ChangeDetail{ChangeSource: string(d.ChangeSource), CausingEntity: aws.ToString(d.CausingEntity)}
						if t := d.Target; t != nil {
							cd.Attribute, cd.Name, cd.RequiresRecreation = string(t.Attribute), aws.ToString(t.Name), string(t.RequiresRecreation)
						}
						c.Details = append(c.Details, cd)
					}
					cs.Changes = append(cs.Changes, c)
				}
			}
			token = out.NextToken
			if token == nil || *token == "" {
				break
			}
		}
		switch status {
		case types.ChangeSetStatusCreateComplete, types.ChangeSetStatusFailed:
			return cs, status, reason, nil
		case types.ChangeSetStatusDeleteComplete, types.ChangeSetStatusDeleteFailed, types.ChangeSetStatusDeleteInProgress:
			return nil, "", "", fmt.Errorf("change set %s was deleted while being created", id)
		}
		select {
		case <-ctx.Done():
			return nil, "", "", fmt.Errorf("waiting for the change set: %w", ctx.Err())
		case <-time.After(poll):
		}
	}
}

// discard deletes a change set that will not be executed and, for a new stack,
// the empty stack that holds it. It runs even when the launch was cancelled.
func (c *Client) discard(stack, id string, csType types.ChangeSetType) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{StackName: aws.String(stack), ChangeSetName: aws.String(id)})
	if csType == types.ChangeSetTypeCreate {
		if st, err := c.describeStack(ctx, stack); err == nil && st != nil && st.StackStatus == "REVIEW_IN_PROGRESS" {
			c.CFN.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(stack)})
		}
	}
}

// eventIDs returns the ids of the stack's current events (the first page), so
// that only events after execution are reported.
func (c *Client) eventIDs(ctx context.Context, stack string) (map[string]bool, error) {
	seen := map[string]bool{}
	out, err := c.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		if stackNotFound(err) {
			return seen, nil
		}
		return nil, apiError("DescribeStackEvents", err)
	}
	for _, e := range out.StackEvents {
		seen[aws.ToString(e.EventId)] = true
	}
	return seen, nil
}

// newEvents returns the events not seen yet, oldest first, and marks them seen.
func (c *Client) newEvents(ctx context.Context, stack string, seen map[string]bool) ([]Event, error) {
	out, err := c.CFN.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)})
	if err != nil {
		return nil, apiError("DescribeStackEvents", err)
	}
	var evs []Event
	for i := len(out.StackEvents) - 1; i >= 0; i-- {
		e := out.StackEvents[i]
		id := aws.ToString(e.EventId)
		if seen[id] {
			continue
		}
		seen[id] = true
		evs = append(evs, Event{
			Time: aws.ToTime(e.Timestamp), LogicalID: aws.ToString(e.LogicalResourceId),
			Type: aws.ToString(e.ResourceType), Status: string(e.ResourceStatus),
			Reason: aws.ToString(e.ResourceStatusReason),
		})
	}
	return evs, nil
}

// noChanges reports whether a change set failure only says there is nothing to do.
func noChanges(reason string) bool {
	r := strings.ToLower(reason)
	return strings.Contains(r, "didn't contain changes") || strings.Contains(r, "no updates are to be performed")
}

func errMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return err.Error()
}

// ValidateTemplate asks CloudFormation to validate a template (uploading it to
// bucket first when it is too large to send inline). A template the service
// rejects gives an *APIError.
func (c *Client) ValidateTemplate(ctx context.Context, t *template.Template, bucket, stackName string) error {
	in := &cloudformation.ValidateTemplateInput{}
	if len(t.Text) > MaxTemplateBody {
		_, url, err := c.templateSource(ctx, Request{Template: t, S3Bucket: bucket, StackName: stackName})
		if err != nil {
			return err
		}
		in.TemplateURL = aws.String(url)
	} else {
		in.TemplateBody = aws.String(t.Text)
	}
	_, err := c.CFN.ValidateTemplate(ctx, in)
	return apiError("ValidateTemplate", err)
}
