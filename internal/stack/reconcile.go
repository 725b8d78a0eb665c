package stack

import (
	"fmt"
	"slices"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
)

// FromChangeSet turns a change set's answer into a plan, keeping the
// prediction's details (the policy that applies, the values before and after)
// where the change set agrees, and returns the differences, one line each.
// CloudFormation's answer wins: it knows what no template can say (a
// property's actual update behaviour in this case, attributes that do change).
func FromChangeSet(predicted *Plan, changes []deploy.Change) (*Plan, []string) {
	out := &Plan{}
	if predicted != nil {
		out.NotCreated = predicted.NotCreated
	}
	var diffs []string
	seen := map[string]bool{}
	for _, ch := range changes {
		seen[ch.LogicalID] = true
		c := &ResourceChange{LogicalID: ch.LogicalID, Type: ch.Type, Action: actionOf(ch), HoldsData: HoldsData(ch.Type), FromChangeSet: true}
		for _, d := range ch.Details {
			pc := PropertyChange{Attribute: d.Attribute, Name: d.Name, Change: "Modify", Recreation: d.RequiresRecreation}
			switch d.ChangeSource {
			case "ResourceReference", "ResourceAttribute":
				pc.Cause = d.CausingEntity
			}
			c.Properties = append(c.Properties, pc)
		}
		p := predicted.Change(ch.LogicalID)
		switch {
		case p == nil:
			diffs = append(diffs, fmt.Sprintf("%s: CloudFormation %s it, cfn-lsp predicted no change", ch.LogicalID, c.Verb()))
		case p.Action != c.Action && !(ch.Replacement == "" && ch.Action == "Modify" && p.Action != Add && p.Action != Remove):
			diffs = append(diffs, fmt.Sprintf("%s: CloudFormation %s it, cfn-lsp predicted it %s", ch.LogicalID, c.Verb(), p.Verb()))
		}
		if p != nil {
			c.Policy, c.Condition = p.Policy, p.Condition
			if ch.Replacement == "" && ch.Action == "Modify" {
				// The service left replacement out (emulators do): the prediction stands.
				c.Action = p.Action
			}
			if len(c.Properties) == 0 {
				c.Properties = p.Properties
			} else {
				keepValues(c.Properties, p.Properties)
			}
		}
		out.add(c)
	}
	if predicted != nil {
		for _, p := range predicted.Changes {
			if !seen[p.LogicalID] {
				diffs = append(diffs, fmt.Sprintf("%s: cfn-lsp predicted it %s, CloudFormation changes nothing", p.LogicalID, p.Verb()))
			}
		}
	}
	return out, diffs
}

// actionOf maps a change set's action and replacement onto an Action.
func actionOf(ch deploy.Change) Action {
	if ch.Action != "Modify" {
		return Action(ch.Action)
	}
	switch ch.Replacement {
	case "True":
		return Replace
	case "Conditional":
		return ConditionalReplace
	}
	return Modify
}

// keepValues copies the predicted values onto the change set's properties.
func keepValues(cs, predicted []PropertyChange) {
	for i := range cs {
		j := slices.IndexFunc(predicted, func(p PropertyChange) bool {
			return p.Attribute == cs[i].Attribute && p.Name == cs[i].Name
		})
		if j >= 0 {
			cs[i].Before, cs[i].After, cs[i].Change = predicted[j].Before, predicted[j].After, predicted[j].Change
		}
	}
}
