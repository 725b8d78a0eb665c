package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/deploy"
	"github.com/cfn-lsp/cfn-lsp/internal/fileio"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// launchInput is what the launch commands read for a document.
type launchInput struct {
	uri       protocol.DocumentURI
	path      string // file path, "" for unsaved documents
	tmpl      *template.Template
	stackName string
	fromFile  map[string]string // values from <template>.params.json
}

// commandInput decodes a stack command's argument and reads the template it names.
func (s *Server) commandInput(arg json.RawMessage) (launchArgs, *launchInput, error) {
	var a launchArgs
	if err := decodeArg(arg, &a); err != nil {
		return a, nil, err
	}
	in, err := s.launchInput(a.URI)
	return a, in, err
}

func (s *Server) launchInput(uri protocol.DocumentURI) (*launchInput, error) {
	if uri == "" {
		return nil, invalidParams("missing uri")
	}
	in := &launchInput{uri: uri, path: pathOf(uri)}
	if sn := s.snapshot(uri); sn != nil {
		in.tmpl = sn.Template()
	} else if in.path != "" {
		if err := s.mayRead(in.path); err != nil {
			return nil, err
		}
		b, err := fileio.ReadFile(in.path, template.MaxSize)
		if err != nil {
			return nil, fmt.Errorf("reading the template: %w", err)
		}
		in.tmpl = template.Parse(string(uri), string(b))
	} else {
		return nil, invalidParams("document %s is not open", uri)
	}
	if in.tmpl.Err != nil {
		return nil, fmt.Errorf("the template has a syntax error at line %d: %s; fix it before launching", in.tmpl.Err.Range.Start.Line+1, in.tmpl.Err.Error())
	}
	name := in.path
	if name == "" {
		name = path.Base(string(uri))
	}
	in.stackName = deploy.StackName(name)
	in.fromFile = map[string]string{}
	if in.path != "" {
		m, err := deploy.ReadParamsFile(deploy.ParamsFileFor(in.path))
		switch {
		case err == nil:
			in.fromFile = m
		case !errors.Is(err, os.ErrNotExist):
			return nil, err
		}
	}
	return in, nil
}
