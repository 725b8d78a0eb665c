package server

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/stack"
)

// changeSetLines shows a launch's change set the way previews are shown. When
// the launched stack is the document's deployment and its deployed state is
// known, the change set is compared with the prediction: CloudFormation's
// answer wins, the differences are logged, and the lenses show the answer
// for this text until the document or the stack changes.
func (s *Server) changeSetLines(in *launchInput, stackName string, given map[string]string, cs *deploy.ChangeSet) []string {
	var predicted *stack.Plan
	tg, _ := s.target(in.uri)
	live, _ := s.liveFor(tg, stackName)
	if live != nil {
		predicted = live.Preview(in.tmpl, given, s.currentSpec())
	}
	plan, diffs := stack.FromChangeSet(predicted, cs.Changes)
	if predicted != nil && len(diffs) > 0 {
		s.log.Printf("change set for %s differs from the preview: %s", stackName, strings.Join(diffs, "; "))
		s.logMessage(protocol.MessageTypeInfo, "The change set differs from cfn-lsp's preview; CloudFormation's answer is shown:\n"+strings.Join(diffs, "\n"))
	}
	if live != nil {
		s.stacks.mu.Lock()
		s.stacks.init()
		s.stacks.answers[in.uri] = &changeSetAnswer{text: in.tmpl.Text, live: live, plan: plan}
		s.stacks.mu.Unlock()
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			s.stackChanged()
		}()
	}
	return plan.Lines()
}

// liveFor is the deployed state of the target's stack when stackName is it.
func (s *Server) liveFor(tg *stack.Target, stackName string) (*stack.Live, error) {
	if tg == nil || !tg.Linked || tg.Deployment.StackName != stackName {
		return nil, nil
	}
	return s.liveOf(tg)
}

// launched follows a launch that changed a stack: the first successful
// deployment of a template is linked in the workspace file (stack, region,
// profile, parameter file, tags: never a value), and the stack is read again.
func (s *Server) launched(in *launchInput, stackName, region, profile string, tags map[string]string, succeeded bool) {
	tg, err := s.target(in.uri)
	if succeeded && err == nil && tg != nil && !tg.Linked && in.path != "" {
		d := stack.Deployment{Name: "default", StackName: stackName, Region: region, Profile: profile, Tags: tags}
		if pf := deploy.ParamsFileFor(in.path); len(tg.Deployment.ParameterFiles) > 0 {
			d.ParameterFiles = []string{pf}
		}
		path, err := stack.Link(in.path, d)
		if err != nil {
			s.logMessage(protocol.MessageTypeWarning, fmt.Sprintf("Could not record the deployment in %s: %v", stack.ConfigName, err))
		} else {
			s.logMessage(protocol.MessageTypeInfo, fmt.Sprintf("Linked the template to stack %s in %s", stackName, path))
		}
	}
	s.forgetTargets(in.uri)
	if tg, err = s.target(in.uri); err == nil && tg != nil && tg.Deployment.StackName == stackName {
		s.refreshLive(context.Background(), tg, true, false)
	}
}
