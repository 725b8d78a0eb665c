package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Stack is a deployed stack as CloudFormation holds it.
type Stack struct {
	Name   string
	ID     string
	Status string
	Region string
	// Template is the template the stack was last deployed with, in its
	// original form (before transforms).
	Template *template.Template
	// Parameters are the stack's parameter values; NoEcho ones come back masked.
	Parameters       map[string]string
	NotificationARNs []string
	// Resources are the stack's resources by logical id.
	Resources map[string]StackResource
	Outputs   map[string]string
}

// StackResource is one resource of a deployed stack.
type StackResource struct {
	LogicalID, PhysicalID, Type, Status string
}

// ErrNoStack is returned when the named stack does not exist.
var ErrNoStack = errors.New("stack does not exist")

// Stack reads a deployed stack: DescribeStacks, GetTemplate and
// ListStackResources (DescribeStackResources stops at 100 resources).
func (c *Client) Stack(ctx context.Context, name string) (*Stack, error) {
	st, err := c.describeStack(ctx, name)
	if err != nil {
		return nil, err
	}
	if st == nil || st.StackStatus == types.StackStatusReviewInProgress {
		return nil, fmt.Errorf("%s: %w", name, ErrNoStack)
	}
	s := &Stack{
		Name: name, ID: aws.ToString(st.StackId), Status: string(st.StackStatus), Region: c.Region,
		Parameters: map[string]string{}, NotificationARNs: st.NotificationARNs,
		Resources: map[string]StackResource{}, Outputs: map[string]string{},
	}
	for _, p := range st.Parameters {
		s.Parameters[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	for _, o := range st.Outputs {
		s.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	tmpl, err := c.CFN.GetTemplate(ctx, &cloudformation.GetTemplateInput{
		StackName: aws.String(name), TemplateStage: types.TemplateStageOriginal,
	})
	if err != nil {
		return nil, apiError("GetTemplate", err)
	}
	s.Template = template.Parse(name+".template", aws.ToString(tmpl.TemplateBody))
	p := cloudformation.NewListStackResourcesPaginator(c.CFN, &cloudformation.ListStackResourcesInput{StackName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, apiError("ListStackResources", err)
		}
		for _, r := range page.StackResourceSummaries {
			id := aws.ToString(r.LogicalResourceId)
			if id == "" {
				continue // moto lists one without an id
			}
			s.Resources[id] = StackResource{LogicalID: id, PhysicalID: aws.ToString(r.PhysicalResourceId),
				Type: aws.ToString(r.ResourceType), Status: string(r.ResourceStatus)}
		}
	}
	return s, nil
}

// ResourceDrift is a resource whose actual configuration differs from the
// template's: MODIFIED (see Properties) or DELETED.
type ResourceDrift struct {
	LogicalID, Type, Status string
	Properties              []PropertyDrift
}

// PropertyDrift is one drifted property: its path in the resource's
// properties (a JSON pointer, "/Tags/0/Value"), and the expected and actual
// values as JSON.
type PropertyDrift struct {
	Path, Expected, Actual string
	Difference             string // ADD, REMOVE, NOT_EQUAL
}

// maxWaitDrift bounds the wait for a drift detection.
const maxWaitDrift = 10 * time.Minute

// DetectDrift runs drift detection on a stack and returns the drifted resources.
func (c *Client) DetectDrift(ctx context.Context, stack string) ([]ResourceDrift, error) {
	out, err := c.CFN.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String(stack)})
	if err != nil {
		return nil, apiError("DetectStackDrift", err)
	}
	id := out.StackDriftDetectionId
	ctx, cancel := context.WithTimeout(ctx, maxWaitDrift)
	defer cancel()
	poll := c.pollInterval()
	for {
		st, err := c.CFN.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: id})
		if err != nil {
			return nil, apiError("DescribeStackDriftDetectionStatus", err)
		}
		if st.DetectionStatus == types.StackDriftDetectionStatusDetectionFailed {
			// Some resources could not be checked; the others' drift still counts.
			if aws.ToInt32(st.DriftedStackResourceCount) == 0 {
				return nil, fmt.Errorf("drift detection failed: %s", aws.ToString(st.DetectionStatusReason))
			}
		}
		if st.DetectionStatus != types.StackDriftDetectionStatusDetectionInProgress {
			break
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for drift detection: %w", ctx.Err())
		case <-time.After(poll):
		}
	}
	var drifts []ResourceDrift
	p := cloudformation.NewDescribeStackResourceDriftsPaginator(c.CFN, &cloudformation.DescribeStackResourceDriftsInput{
		StackName: aws.String(stack),
		StackResourceDriftStatusFilters: []types.StackResourceDriftStatus{
			types.StackResourceDriftStatusModified, types.StackResourceDriftStatusDeleted,
		},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, apiError("DescribeStackResourceDrifts", err)
		}
		for _, d := range page.StackResourceDrifts {
			rd := ResourceDrift{LogicalID: aws.ToString(d.LogicalResourceId), Type: aws.ToString(d.ResourceType),
				Status: string(d.StackResourceDriftStatus)}
			for _, pd := range d.PropertyDifferences {
				rd.Properties = append(rd.Properties, PropertyDrift{Path: aws.ToString(pd.PropertyPath),
					Expected: aws.ToString(pd.ExpectedValue), Actual: aws.ToString(pd.ActualValue), Difference: string(pd.DifferenceType)})
			}
			drifts = append(drifts, rd)
		}
	}
	return drifts, nil
}
